'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorMessage, toErrorLike } from '@/components/ui/error-message';
import { mayLeavePage, standDownLeaveGuards } from '@/components/ui/use-leave-guard';
import { ApiError } from '@/lib/client/api/api-error';
import { useSignOut } from '@/lib/client/api/sign-out';
import { useOutboxCounts, useOutboxDurable } from '@/lib/client/outbox-provider';

/**
 * Signs out; with changes of this account not yet on the server (waiting to be sent, or for the
 * person's decision), asks first (SPEC SYNC11): signed out, they stay on this browser for this
 * account only and go out the next time it signs in here, never for whoever signs in next; where
 * this browser cannot keep them (no IndexedDB: useOutboxDurable), the question says they are lost.
 * Signed out only once the server says so: a sign-out that did not reach it (offline, no answer
 * in SIGN_OUT_MS) keeps the session on screen and says it is still open. A form on the page with
 * changes not saved (useLeaveGuard: an emergency plan being edited) asks first, before anything else.
 */
export function SignOutButton() {
  const t = useTranslations('header');
  const router = useRouter();
  const signOut = useSignOut();
  const { pending, refused } = useOutboxCounts();
  const durable = useOutboxDurable();
  const unsent = pending + refused;
  const [asking, setAsking] = useState(false);
  const leave = () => {
    // Agreed to (mayLeavePage): the page's own end of the session does not ask again; a failed sign-out stays, and asks again.
    const stay = standDownLeaveGuards();
    signOut.mutate(undefined, { onSuccess: () => router.replace('/login'), onError: stay });
  };
  return (
    <>
      <button
        type="button"
        data-testid="sign-out"
        disabled={signOut.isPending}
        onClick={() => mayLeavePage() && (unsent > 0 ? setAsking(true) : leave())}
        className="shrink-0 rounded border border-slate-500 px-2 py-1 text-xs whitespace-nowrap font-medium text-slate-100 hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-blue-400"
      >
        {t('signOut')}
      </button>
      {asking && (
        <UnsentChangesDialog
          count={unsent}
          durable={durable}
          onStay={() => setAsking(false)}
          onSignOut={() => {
            setAsking(false);
            leave();
          }}
        />
      )}
      {signOut.error && <NotSignedOutDialog error={signOut.error} onClose={() => signOut.reset()} onRetry={leave} />}
    </>
  );
}

function UnsentChangesDialog({
  count,
  durable,
  onStay,
  onSignOut,
}: {
  count: number;
  durable: boolean;
  onStay: () => void;
  onSignOut: () => void;
}) {
  const t = useTranslations('header.signOutWarning');
  return (
    <Dialog open onOpenChange={(open) => !open && onStay()} title={t('title')} description={t('unsent', { count })} size="sm">
      <div data-testid="sign-out-warning" data-count={count} data-durable={durable} className="flex min-h-0 flex-col">
        {durable ? (
          <p className="px-5 py-4 text-sm text-slate-800">{t('kept')}</p>
        ) : (
          <p data-testid="sign-out-warning-lost" className="px-5 py-4 text-sm font-medium text-red-800">
            {t('lost')}
          </p>
        )}
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

/**
 * The sign-out failed: the session is still open on this browser (and on the server), for
 * whoever uses it next, until a sign-out reaches the server. Stays until closed: the person may
 * have turned away while it waited for an answer.
 */
function NotSignedOutDialog({ error, onClose, onRetry }: { error: Error; onClose: () => void; onRetry: () => void }) {
  const t = useTranslations('header.notSignedOut');
  const tc = useTranslations('common');
  const shown = toErrorLike(error);
  // Not reached (NETWORK) or no answer (TIMEOUT); otherwise the server answered and refused.
  const unreachable = error instanceof ApiError && error.status === 0;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t('title')} size="sm">
      <div data-testid="sign-out-failed" data-code={shown.code} className="flex min-h-0 flex-col">
        <ErrorMessage
          error={shown}
          text={unreachable ? t('unreachable') : t('refused')}
          className="mx-5 my-4"
        />
        <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3">
          <Button data-testid="sign-out-retry" variant="secondary" onClick={onRetry}>
            {t('retry')}
          </Button>
          <Button data-testid="sign-out-failed-close" variant="primary" autoFocus onClick={onClose}>
            {tc('close')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
