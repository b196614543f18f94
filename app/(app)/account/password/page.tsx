import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ChangePasswordForm } from '@/components/shell/change-password-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('password'))('title') };
}

export default function ChangePasswordPage() {
  return (
    <div className="flex-1 overflow-y-auto px-4 py-10">
      <ChangePasswordForm />
    </div>
  );
}
