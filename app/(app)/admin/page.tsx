import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AdminScreen } from '@/components/admin/admin-screen';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('title') };
}

export default function AdminPage() {
  return <AdminScreen />;
}
