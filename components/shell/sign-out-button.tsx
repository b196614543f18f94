'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useSignOut } from '@/lib/client/api/sign-out';

export function SignOutButton() {
  const t = useTranslations('header');
  const router = useRouter();
  const signOut = useSignOut();
  return (
    <button
      type="button"
      data-testid="sign-out"
      disabled={signOut.isPending}
      onClick={() => signOut.mutate(undefined, { onSettled: () => router.replace('/login') })}
      className="shrink-0 rounded border border-slate-500 px-2 py-1 text-xs whitespace-nowrap font-medium text-slate-100 hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-blue-400"
    >
      {t('signOut')}
    </button>
  );
}
