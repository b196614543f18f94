import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { DisplayView } from '@/components/display/display-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('display'))('pageTitle') };
}

export default function DisplayPage() {
  return <DisplayView />;
}
