'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { cx } from './cx';
import { DIALOG_CORNERS, DIALOG_SELECTOR, guardedAreas, guardIndex, NOTICE_CORNERS, noticeCorner, type NoticeCorner } from './notice-corner';
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
 * The corner for the stack: the bottom right, unless there it would cover an open dialog or what
 * the person is typing in, with its form (the board's message box and its Send button on the right
 * of a laptop screen while three notices are up), so that what they type and the button they press
 * stay in sight (guardedAreas, guardIndex). Looked at again when focus comes to something, when the stack changes (a notice in or
 * out, a taller one) and when the window is resized; while focus is on nothing or on a notice it
 * stays where it is.
 */
function useCorner(notices: Notice[]) {
  const ref = useRef<HTMLDivElement>(null);
  const [corner, setCorner] = useState<NoticeCorner>('bottom-right');
  const kept = useRef<{ area: HTMLElement | null; corner: NoticeCorner }>({ area: null, corner: 'bottom-right' });
  const place = useCallback(() => {
    const list = ref.current;
    if (!list) return;
    const active = document.activeElement;
    // Focus on a notice's own Dismiss (pressing it focuses it) or on nothing (the message box
    // emptied and its Send disabled after sending, a click on the page's background): the stack
    // stays where it is, so the press lands where it began and the box stays clear.
    if (active === null || active === document.body || list.contains(active)) return;
    const size = { width: list.offsetWidth, height: list.offsetHeight };
    const viewport = { width: window.innerWidth, height: window.innerHeight };
    const areas = guardedAreas(active);
    const boxes = areas.map((a) => a.getBoundingClientRect());
    const i = guardIndex(boxes, size, viewport, MARGIN);
    const area = areas[i] ?? null;
    const stay = area !== null && area === kept.current.area ? kept.current.corner : null;
    // A dialog no corner clears: over its title rather than its buttons.
    const ties = area?.matches(DIALOG_SELECTOR) ? DIALOG_CORNERS : NOTICE_CORNERS;
    const next = noticeCorner(boxes[i] ?? null, size, viewport, MARGIN, stay, ties);
    kept.current = { area, corner: next };
    setCorner(next);
  }, []);
  useLayoutEffect(place, [place, notices]);
  useLayoutEffect(() => {
    const list = ref.current;
    const ro = new ResizeObserver(place);
    if (list) ro.observe(list);
    document.addEventListener('focusin', place);
    window.addEventListener('resize', place);
    return () => {
      ro.disconnect();
      document.removeEventListener('focusin', place);
      window.removeEventListener('resize', place);
    };
  }, [place]);
  return { ref, corner };
}

export function NoticeList({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  const t = useTranslations('common');
  const { ref, corner } = useCorner(notices);
  return (
    <div
      ref={ref}
      aria-live="polite"
      data-testid="notices"
      data-corner={corner}
      // 23rem: beside a 36rem dialog centred on a 1366 px screen with room to spare (24rem overlapped it by 5 px).
      className={cx('pointer-events-none fixed z-[60] flex w-[23rem] max-w-[calc(100vw-2rem)] flex-col gap-2', CORNER[corner])}
    >
      {notices.map((n) => (
        <div
          // A group's notice keeps its element when it is counted again (focus on its Dismiss stays).
          key={n.group ?? n.id}
          role={n.tone === 'error' ? 'alert' : 'status'}
          data-testid="notice"
          data-tone={n.tone}
          data-code={n.code}
          data-kind={n.kind}
          data-count={n.count}
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
