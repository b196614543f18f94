'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { cx } from '@/components/ui/cx';

export interface PagedItem {
  key: string;
  /** Items of one group follow each other; each page repeats the group's header before its first item there. */
  group: string | null;
  /** `measuring`: the hidden copy used to measure heights (no test ids, no animations). */
  render: (measuring: boolean) => ReactNode;
}

interface Props {
  items: PagedItem[];
  header?: (group: string, measuring: boolean) => ReactNode;
  /** 'page': turn the pages every `intervalMs`, with a "1/3" indicator; 'fit': only the first page (newest first lists). */
  mode: 'page' | 'fit';
  intervalMs?: number;
  empty?: ReactNode;
  className?: string;
}

/** Time each page of a column stays up. */
export const PAGE_MS = 8_000;

type Pages = number[][];

/** Packs items into pages of at most `capacity` px; a page never ends with a lone group header. */
function pack(items: PagedItem[], itemHeight: (i: number) => number, headerHeight: (g: string) => number, capacity: number): Pages {
  const pages: Pages = [];
  let page: number[] = [];
  let used = 0;
  let group: string | null = null;
  items.forEach((item, i) => {
    const head = (g: string | null) => (item.group !== null && item.group !== g ? headerHeight(item.group) : 0);
    let h = itemHeight(i) + head(group);
    if (page.length > 0 && used + h > capacity) {
      pages.push(page);
      page = [];
      used = 0;
      h = itemHeight(i) + head(null);
    }
    page.push(i);
    used += h;
    group = item.group;
  });
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

/**
 * Which page of `count` is up, turned every `intervalMs` while there are two or more. A turn due
 * while `heldUntil` (epoch ms) is still ahead is skipped: a person pointing at or tabbing through
 * the pages holds them, for a while after their last move only, so a pointer left on the screen
 * never stops it for good. The page stays the page it was when `count` changes (a new item does
 * not jump it ahead), the last one when it shrinks past it.
 */
export function usePageTurn(count: number, intervalMs: number, heldUntil?: RefObject<number>): number {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (count < 2) return;
    const timer = setInterval(() => {
      if (heldUntil && heldUntil.current > Date.now()) return;
      setIndex((i) => (i + 1) % count);
    }, intervalMs);
    return () => clearInterval(timer);
  }, [count, intervalMs, heldUntil]);
  return Math.min(index, Math.max(0, count - 1));
}

/** "2/3" in a wall's page box (read out as "Page 2 of 3"). */
export function PageIndicator({ index, count }: { index: number; count: number }) {
  const t = useTranslations('display.wall');
  return (
    <span
      data-testid="wall-page"
      data-page={index + 1}
      data-pages={count}
      aria-label={t('pageLabel', { page: index + 1, count })}
      className="rounded border border-(--wall-line) px-2 text-[0.9rem] font-bold tabular-nums"
    >
      {t('page', { page: index + 1, count })}
    </span>
  );
}

const samePages = (a: Pages, b: Pages) => a.length === b.length && a.every((p, i) => p.length === b[i].length && p.every((x, j) => x === b[i][j]));

/**
 * A list that never scrolls: it shows what fits. In 'page' mode the rest comes on
 * later pages, turned on a timer, with a page indicator; in 'fit' mode the rest is
 * left out. Heights are measured from a hidden copy of the items at the list's width.
 */
export function PagedList({ items, header, mode, intervalMs = PAGE_MS, empty, className }: Props) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const footerRef = useRef<HTMLDivElement>(null);
  // Only a trigger: a new size re-runs the measuring below.
  const [, setHeight] = useState(0);
  const [pages, setPages] = useState<Pages | null>(null);

  useLayoutEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const read = () => setHeight(el.clientHeight);
    read();
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // After every render: measure the hidden copy and re-pack when anything moved.
  useLayoutEffect(() => {
    const m = measureRef.current;
    const body = bodyRef.current;
    // Read from the DOM, not from `height`: the indicator may have just entered or left the flow.
    const bodyH = body?.clientHeight ?? 0;
    if (!m || bodyH === 0) return;
    const itemH = new Map<string, number>();
    const headH = new Map<string, number>();
    for (const el of m.querySelectorAll<HTMLElement>('[data-measure-item]')) itemH.set(el.dataset.measureItem ?? '', el.offsetHeight);
    for (const el of m.querySelectorAll<HTMLElement>('[data-measure-group]')) headH.set(el.dataset.measureGroup ?? '', el.offsetHeight);
    const ih = (i: number) => itemH.get(items[i].key) ?? 0;
    const hh = (g: string) => headH.get(g) ?? 0;
    // The page indicator takes its row only when there are pages to turn.
    const footer = footerRef.current;
    const footerH = footer?.offsetHeight ?? 0;
    const full = bodyH + (footer && getComputedStyle(footer).position !== 'absolute' ? footerH : 0);
    let next = pack(items, ih, hh, full);
    if (mode === 'page' && next.length > 1) next = pack(items, ih, hh, full - footerH);
    if (mode === 'fit') next = [next[0]];
    setPages((prev) => (prev && samePages(prev, next) ? prev : next));
  });

  const count = pages?.length ?? 1;
  const index = usePageTurn(mode === 'page' ? count : 1, intervalMs);
  const shown = pages ? (pages[index] ?? []) : items.map((_, i) => i);
  const groups = [...new Set(items.map((i) => i.group).filter((g): g is string => g !== null))];
  let last: string | null = null;

  return (
    <div className={cx('flex min-h-0 flex-1 flex-col', className)}>
      <div ref={bodyRef} className="relative min-h-0 flex-1 overflow-hidden">
        <div ref={measureRef} aria-hidden inert className="invisible absolute inset-x-0 top-0">
          {header &&
            groups.map((g) => (
              <div key={g} data-measure-group={g}>
                {header(g, true)}
              </div>
            ))}
          {items.map((item) => (
            <div key={item.key} data-measure-item={item.key} className="pb-[0.45rem]">
              {item.render(true)}
            </div>
          ))}
        </div>
        {items.length === 0
          ? empty
          : shown.map((i) => {
              const item = items[i];
              const head = header && item.group !== null && item.group !== last ? header(item.group, false) : null;
              last = item.group;
              return (
                <div key={item.key} className="pb-[0.45rem]">
                  {head}
                  {item.render(false)}
                </div>
              );
            })}
      </div>
      {mode === 'page' && (
        <div ref={footerRef} className={cx('flex shrink-0 justify-end pt-1', count < 2 && 'invisible absolute')}>
          <PageIndicator index={index} count={count} />
        </div>
      )}
    </div>
  );
}
