'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useNow } from '@/components/ui/use-now';

/**
 * A locked sign-in: counts down the seconds the server asked to wait (`details.retryAfter`). What
 * a screen reader is told is said once, as it comes, and once more when the wait is over: the
 * countdown that ticks each second is shown, not announced (an alert whose text changed every
 * second was read out every second).
 */
export function RateLimitedNotice({ retryAfter }: { retryAfter: number }) {
  const t = useTranslations('login');
  const [until] = useState(() => Date.now() + retryAfter * 1000);
  const now = useNow(1000);
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  const over = seconds === 0;
  return (
    <div
      data-testid="login-error"
      data-code="RATE_LIMITED"
      data-retry-after={retryAfter}
      className="rounded border border-amber-500 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-950"
    >
      <p aria-hidden>{over ? t('rateLimitedOver') : t('rateLimited', { seconds })}</p>
      <p role="alert" className="sr-only">
        {over ? t('rateLimitedOver') : t('rateLimited', { seconds: retryAfter })}
      </p>
    </div>
  );
}
