import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { IncidentList } from '@/components/incidents/incident-list';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('incidents'))('title') };
}

export default function IncidentsPage() {
  return <IncidentList />;
}
