'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useNow } from '@/components/ui/use-now';

/** A locked sign-in: counts down the seconds the server asked to wait (`details.retryAfter`). */
export function RateLimitedNotice({ retryAfter }: { retryAfter: number }) {
  const t = useTranslations('login');
  const [until] = useState(() => Date.now() + retryAfter * 1000);
  const now = useNow(1000);
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  return (
    <p
      role="alert"
      data-testid="login-error"
      data-code="RATE_LIMITED"
      data-retry-after={retryAfter}
      className="rounded border border-amber-500 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-950"
    >
      {seconds > 0 ? t('rateLimited', { seconds }) : t('rateLimitedOver')}
    </p>
  );
}
