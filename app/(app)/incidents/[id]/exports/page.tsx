import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ExportsScreen } from '@/components/exports/exports-screen';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('exports'))('pageTitle') };
}

export default async function ExportsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ExportsScreen incidentId={id} />;
}
