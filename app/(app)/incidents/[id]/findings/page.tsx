import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { FindingsScreen } from '@/components/review/findings/findings-screen';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('findings'))('pageTitle') };
}

/** Findings and the improvement plan (issue #5). `?atSeq=N` opens the add form at that moment. */
export default async function FindingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <FindingsScreen incidentId={id} />
    </Suspense>
  );
}
