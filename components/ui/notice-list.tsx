'use client';

import { useTranslations } from 'next-intl';
import { cx } from './cx';
import type { Notice } from './notices';

const TONE = {
  error: 'border-red-700 bg-red-50 text-red-950',
  warning: 'border-amber-600 bg-amber-50 text-amber-950',
  success: 'border-emerald-700 bg-emerald-50 text-emerald-950',
  info: 'border-blue-700 bg-blue-50 text-blue-950',
  alert: 'border-red-950 bg-red-700 text-white',
} as const;

export function NoticeList({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  const t = useTranslations('common');
  return (
    <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-[60] flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2">
      {notices.map((n) => (
        <div
          key={n.id}
          role={n.tone === 'error' ? 'alert' : 'status'}
          data-testid="notice"
          data-tone={n.tone}
          data-code={n.code}
          data-kind={n.kind}
          className={cx('pointer-events-auto rounded border-l-4 px-3 py-2 text-sm shadow-lg', TONE[n.tone])}
        >
          <div className="flex items-start gap-2">
            <p className="flex-1 font-medium">{n.title}</p>
            <button type="button" className="rounded text-xs underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-current" onClick={() => onDismiss(n.id)}>
              {t('dismiss')}
            </button>
          </div>
          {n.detail && <p className="mt-0.5 text-xs opacity-80" lang="en">{n.detail}</p>}
        </div>
      ))}
    </div>
  );
}
