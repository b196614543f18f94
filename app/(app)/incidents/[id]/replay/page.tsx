import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { ReplayView } from '@/components/replay/replay-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('replay'))('pageTitle') };
}

/** Replay of one incident (issue #5, SPEC REV1); the moment is ?seq=N. */
export default async function ReplayPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <ReplayView incidentId={id} />
    </Suspense>
  );
}
