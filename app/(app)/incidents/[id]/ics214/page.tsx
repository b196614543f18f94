import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Ics214Sheet } from '@/components/exports/ics214-sheet';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('exports'))('sheet.pageTitle') };
}

export default async function Ics214Page({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ agency?: string | string[] }> }) {
  const { id } = await params;
  const { agency } = await searchParams;
  return <Ics214Sheet incidentId={id} agency={typeof agency === 'string' ? agency : ''} />;
}
