import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { IncidentBoard } from '@/components/board/incident-board';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('board'))('pageTitle') };
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <IncidentBoard incidentId={id} />;
}
