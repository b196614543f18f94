import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { MetricsScreen } from '@/components/metrics/metrics-screen';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('metrics'))('pageTitle') };
}

export default async function IncidentMetricsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <MetricsScreen incidentId={id} />;
}
