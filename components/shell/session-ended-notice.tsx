'use client';

import { useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { SESSION_END_REASONS, type SessionEndReason } from '@/lib/protocol/socket';

function isReason(value: string | null): value is SessionEndReason {
  return (SESSION_END_REASONS as readonly string[]).includes(value ?? '');
}

/** Why the person is back on the sign-in page (`/login?reason=…`, from `session:ended`). */
export function SessionEndedNotice() {
  const t = useTranslations('login.ended');
  const reason = useSearchParams().get('reason');
  if (!isReason(reason)) return null;
  return (
    <p
      role="alert"
      data-testid="session-ended-notice"
      data-reason={reason}
      className="mb-4 rounded border border-blue-300 bg-blue-50 px-3 py-2 text-sm font-medium text-blue-950"
    >
      {t(reason)}
    </p>
  );
}
