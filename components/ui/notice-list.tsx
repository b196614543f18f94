'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { cx } from './cx';
import { isTextField, noticeCorner, type NoticeCorner } from './notice-corner';
import type { Notice } from './notices';

const TONE = {
  error: 'border-red-700 bg-red-50 text-red-950',
  warning: 'border-amber-600 bg-amber-50 text-amber-950',
  success: 'border-emerald-700 bg-emerald-50 text-emerald-950',
  info: 'border-blue-700 bg-blue-50 text-blue-950',
  alert: 'border-red-950 bg-red-700 text-white',
} as const;

const CORNER: Record<NoticeCorner, string> = {
  'bottom-right': 'right-4 bottom-4',
  'bottom-left': 'left-4 bottom-4',
  'top-right': 'right-4 top-4',
  'top-left': 'left-4 top-4',
};
/** right-4 / bottom-4 … in px. */
const MARGIN = 16;

/**
 * The corner for the stack: the bottom right, unless there it would cover the text field that has
 * focus, with its form (the board's message box and its Send button on the right of a laptop
 * screen while three notices are up), so that what the person types stays in sight. Looked at again when focus moves, when the stack
 * changes and when the window is resized.
 */
function useCorner(count: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [corner, setCorner] = useState<NoticeCorner>('bottom-right');
  const place = useCallback(() => {
    const list = ref.current;
    if (!list) return;
    const active = document.activeElement;
    // The field with its form (the message box with its recipient and Send button), so what the
    // person types and the button they will press stay in sight.
    const field = isTextField(active) ? (active.closest('form') ?? active).getBoundingClientRect() : null;
    setCorner(noticeCorner(field, { width: list.offsetWidth, height: list.offsetHeight }, { width: window.innerWidth, height: window.innerHeight }, MARGIN));
  }, []);
  useLayoutEffect(place, [place, count]);
  useLayoutEffect(() => {
    document.addEventListener('focusin', place);
    document.addEventListener('focusout', place);
    window.addEventListener('resize', place);
    return () => {
      document.removeEventListener('focusin', place);
      document.removeEventListener('focusout', place);
      window.removeEventListener('resize', place);
    };
  }, [place]);
  return { ref, corner };
}

export function NoticeList({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  const t = useTranslations('common');
  const { ref, corner } = useCorner(notices.length);
  return (
    <div
      ref={ref}
      aria-live="polite"
      data-testid="notices"
      data-corner={corner}
      className={cx('pointer-events-none fixed z-[60] flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2', CORNER[corner])}
    >
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
