'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useSignOut } from '@/lib/client/api/sign-out';
import { useOutboxCounts } from '@/lib/client/outbox-provider';

/**
 * Signs out; with changes of this account not yet on the server (waiting to be sent, or for the
 * person's decision), asks first (SPEC SYNC11): signed out, they stay on this browser for this
 * account only and go out the next time it signs in here, never for whoever signs in next.
 */
export function SignOutButton() {
  const t = useTranslations('header');
  const router = useRouter();
  const signOut = useSignOut();
  const { pending, refused } = useOutboxCounts();
  const unsent = pending + refused;
  const [asking, setAsking] = useState(false);
  const leave = () => signOut.mutate(undefined, { onSettled: () => router.replace('/login') });
  return (
    <>
      <button
        type="button"
        data-testid="sign-out"
        disabled={signOut.isPending}
        onClick={() => (unsent > 0 ? setAsking(true) : leave())}
        className="shrink-0 rounded border border-slate-500 px-2 py-1 text-xs whitespace-nowrap font-medium text-slate-100 hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-blue-400"
      >
        {t('signOut')}
      </button>
      {asking && (
        <UnsentChangesDialog
          count={unsent}
          onStay={() => setAsking(false)}
          onSignOut={() => {
            setAsking(false);
            leave();
          }}
        />
      )}
    </>
  );
}

function UnsentChangesDialog({ count, onStay, onSignOut }: { count: number; onStay: () => void; onSignOut: () => void }) {
  const t = useTranslations('header.signOutWarning');
  return (
    <Dialog open onOpenChange={(open) => !open && onStay()} title={t('title')} description={t('unsent', { count })} size="sm">
      <div data-testid="sign-out-warning" data-count={count} className="flex min-h-0 flex-col">
        <p className="px-5 py-4 text-sm text-slate-800">{t('kept')}</p>
        <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3">
          <Button data-testid="sign-out-anyway" variant="danger" onClick={onSignOut}>
            {t('anyway')}
          </Button>
          {/* Focused when the dialog opens: Enter or Escape keeps the session (the dialog keeps the first focus it finds there). */}
          <Button data-testid="sign-out-stay" variant="primary" autoFocus onClick={onStay}>
            {t('stay')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
