'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useReducer, useRef, type CSSProperties, type ReactNode, type Ref } from 'react';
import { cx } from './cx';

const never = () => false;
/** How far a scroller is from its end, in px (reading it lays the page out if it is not). */
const fromEnd = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight;

/** What an item's own `<li>` takes to be placed in a VirtualList (measuring; the virtualiser sets its `top`). */
export interface VirtualSlot {
  ref: Ref<HTMLLIElement>;
  'data-index': number;
  style: CSSProperties;
  'aria-setsize': number;
  'aria-posinset': number;
}

interface Props<T> {
  items: readonly T[];
  itemKey: (item: T) => string | number;
  /** A generous guess of an item's height in px; each is measured once shown. */
  estimate: number;
  /** Renders one item as an `<li>` spreading `slot` onto itself. */
  children: (item: T, slot: VirtualSlot) => ReactNode;
  /** Keep the list scrolled to its last item whenever that item changes (a message list). */
  stickToEnd?: boolean;
  /** Space between items and around the list, in px. */
  gap?: number;
  padding?: number;
  className?: string;
  'aria-label'?: string;
  'data-testid'?: string;
  /** Shown instead of the list when it is empty. */
  empty?: ReactNode;
}

/**
 * A scrolling `<ol>` that lays out only the items in view (TanStack Virtual), so a
 * list of thousands costs what a dozen do: the replay redraws its lists on every
 * slider move. Items keep their own `<li>` (with aria-setsize / aria-posinset, as
 * the others are not in the DOM) and are measured, so their heights may vary. The
 * virtualiser sets each item's `top` and the list's height in the DOM itself
 * (directDomUpdates), so an item's own style must not set them.
 */
export function VirtualList<T>({ items, itemKey, estimate, children, stickToEnd = false, gap = 0, padding = 0, className, empty, ...rest }: Props<T>) {
  const ref = useRef<HTMLOListElement>(null);
  const atEnd = useRef(true);
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const v = useVirtualizer({
    count: items.length,
    getScrollElement: () => ref.current,
    estimateSize: () => estimate,
    getItemKey: (i) => itemKey(items[i]),
    overscan: 3,
    gap,
    paddingStart: padding,
    paddingEnd: padding,
    // Re-render on its own schedule rather than inside the scroll event: the replay
    // already renders the moment in the slider's event.
    useFlushSync: false,
    // Items measured (below) are moved into place in the DOM (their `top`, and the list's
    // height), with no second React render unless the items in view change: on a replay move,
    // that second pass of both lists was ~8 ms of the ~40 a new moment took to render.
    directDomUpdates: true,
    directDomUpdatesMode: 'position',
    // An item just placed takes its last known size or the estimate here, rather than reading
    // offsetHeight, which would lay the page out again for each item mounted: the layout effect
    // below measures the new ones once the render's DOM is complete, and the ResizeObserver
    // any later change.
    measureElement: (el, entry, inst) => {
      const box = entry?.borderBoxSize?.[0];
      if (box) return Math.round(box.blockSize);
      const i = inst.indexFromElement(el);
      return inst.itemSizeCache.get(inst.options.getItemKey(i)) ?? estimate;
    },
  });
  // A list kept at its end is put back there after each render (below): the virtualiser need not
  // move the scroll position for each item above the fold that it measures (a write and a read
  // of the scroll size each).
  v.shouldAdjustScrollPositionOnItemSizeChange = stickToEnd && atEnd.current ? never : undefined;
  // Kept at its end: when its last item changes, and after its items are measured (below) while
  // it was at its end, unless the person has scrolled up meanwhile.
  const last = items.length > 0 ? itemKey(items[items.length - 1]) : null;
  const lastShown = useRef<typeof last>(null);
  // Such a list lays out the items at its end in this render already: its scroll position moves
  // there after the render (below), and the virtualiser would otherwise learn it from the scroll
  // event a frame later, render the items there only then, and paint twice.
  if (stickToEnd && (atEnd.current || lastShown.current !== last) && v.scrollRect) v.scrollOffset = Math.max(0, v.getTotalSize() - v.scrollRect.height);
  const virtualItems = v.getVirtualItems();
  const rendered = { first: virtualItems[0]?.index, last: virtualItems.at(-1)?.index };
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || items.length === 0) return;
    if (stickToEnd) {
      const moved = lastShown.current !== last;
      lastShown.current = last;
      if (moved || atEnd.current) {
        atEnd.current = true;
        // One read of a scroll size (it lays the page out; the reads below are then free).
        if (fromEnd(el) >= 1) el.scrollTop = el.scrollHeight;
      }
    }
    // Items placed by their estimate are measured here, before the frame is painted, rather than
    // by the ResizeObserver after it: a size that differs moves the items in the DOM at once
    // (directDomUpdates; the list renders again, still before the paint, only if that changes
    // which items are in view), so the first frame shows each in its place. All are read first,
    // then resized: each resize moves items, and a read after it would lay the page out again.
    // Every item in the DOM is read, not only those placed by their estimate: an item placed by
    // a size kept from an earlier render can have changed since (its text laid out again once a
    // font arrived, while it was out of view), and the ResizeObserver would move it only after
    // this frame. Once the page is laid out (the first read), each read is a lookup.
    const sizes: Array<[number, number]> = [];
    for (const node of el.children) {
      const i = Number((node as HTMLElement).dataset.index);
      if (!Number.isInteger(i) || i >= items.length) continue;
      const size = Math.round(node.getBoundingClientRect().height);
      if (size !== (v.itemSizeCache.get(itemKey(items[i])) ?? estimate)) sizes.push([i, size]);
    }
    for (const [i, size] of sizes) v.resizeItem(i, size);
    // Measured items may have moved the end: a list kept there goes back to it (before the paint),
    // and if the items in view there are not those rendered (sizes far from the estimate), renders
    // them now rather than on the scroll event a frame later.
    if (stickToEnd && atEnd.current && sizes.length > 0) {
      if (fromEnd(el) >= 1) el.scrollTop = el.scrollHeight;
      v.scrollOffset = el.scrollTop;
      const inView = v.getVirtualItems();
      if (inView[0]?.index !== rendered.first || inView.at(-1)?.index !== rendered.last) rerender();
    }
  });
  return (
    <ol
      ref={ref}
      tabIndex={0}
      {...rest}
      // Only a list kept at its end follows whether the person scrolled away from it.
      onScroll={
        stickToEnd
          ? (e) => {
              atEnd.current = fromEnd(e.currentTarget) < 8;
              v.shouldAdjustScrollPositionOnItemSizeChange = atEnd.current ? never : undefined;
            }
          : undefined
      }
      className={cx('relative min-h-0 overflow-y-auto', className)}
    >
      {items.length === 0 && empty}
      {/* The virtualiser sets this spacer's height and each item's `top` (directDomUpdates). */}
      {items.length > 0 && <li ref={v.containerRef} aria-hidden role="presentation" />}
      {virtualItems.map((vi) =>
        children(items[vi.index], {
          ref: v.measureElement,
          'data-index': vi.index,
          'aria-setsize': items.length,
          'aria-posinset': vi.index + 1,
          style: { position: 'absolute', left: padding, right: padding },
        }),
      )}
    </ol>
  );
}
