import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { AdminScreen } from '@/components/admin/admin-screen';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('title') };
}

export default function AdminPage() {
  // AdminScreen reads the address's query (?tab=plans&scenario=…).
  return (
    <Suspense>
      <AdminScreen />
    </Suspense>
  );
}
