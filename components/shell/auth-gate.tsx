'use client';

import { useTranslations } from 'next-intl';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { ME_RETRY_MS, useMe } from '@/lib/client/api/me';
import { useAgencies } from '@/lib/client/api/agencies';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { ApiError } from '@/lib/client/api/api-error';
import { loginPath, PASSWORD_PATH } from '@/lib/client/login-path';
import { AgencyListProvider } from '@/components/incidents/use-agency-directory';
import { AccountProvider } from './account-context';

/**
 * Renders its children only for a signed-in account: signed out → /login,
 * must change password → the change-password page.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const t = useTranslations('common');
  const me = useMe();
  // Asked beside the account, not after it: every page below names and colours agencies, and one
  // drawn before the list arrived showed codes in grey, then re-laid itself out when it came
  // (the replay's first move waited behind that). Only its first answer is waited for: a failed
  // list (codes then) does not hold the page, nor does a refetch (a query in error is fetched again
  // when the page's own reader mounts). An account that must change its password reads it too.
  const agencies = useAgencies();
  const router = useRouter();
  const pathname = usePathname();
  const account = me.data;
  const mustChange = account?.mustChangePassword === true && pathname !== PASSWORD_PATH;

  useEffect(() => {
    if (me.isSuccess && account === null) router.replace(loginPath({ next: pathname }));
    else if (mustChange) router.replace(PASSWORD_PATH);
  }, [me.isSuccess, account, mustChange, pathname, router]);

  // A page opened while the server or its store could not answer asks again by itself (useMe's
  // refetchInterval while it failed): it says so.
  if (me.isError && !account) {
    const error = me.error instanceof ApiError ? me.error : { code: 'NETWORK', message: String(me.error) };
    return (
      <div className="mx-auto mt-16 max-w-md space-y-3 p-4" data-testid="auth-gate-failed">
        <ErrorMessage error={error} reading />
        <p className="text-sm text-slate-700">{t('retryingEvery', { seconds: ME_RETRY_MS / 1000 })}</p>
        <Button onClick={() => void me.refetch()}>{t('retry')}</Button>
      </div>
    );
  }
  if (!account || mustChange || !agencies.isFetched) {
    return (
      <div className="flex flex-1 items-center justify-center">
        <Spinner label={t('loading')} />
      </div>
    );
  }
  return (
    <AccountProvider account={account}>
      <AgencyListProvider>{children}</AgencyListProvider>
    </AccountProvider>
  );
}
