import { isTypingTarget } from './typing-target';

/** Where the notices stack: the bottom right unless that would cover the field the person is typing in. */
export type NoticeCorner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

export const NOTICE_CORNERS: readonly NoticeCorner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The box the stack takes in a corner: `size` of the stack, `margin` from the viewport's edges. */
export function cornerBox(corner: NoticeCorner, size: { width: number; height: number }, viewport: { width: number; height: number }, margin: number): Box {
  const left = corner.endsWith('left') ? margin : viewport.width - margin - size.width;
  const top = corner.startsWith('top') ? margin : viewport.height - margin - size.height;
  return { left, top, right: left + size.width, bottom: top + size.height };
}

const overlaps = (a: Box, b: Box): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * The corner for the stack while `field` (what the person is typing in: see `guardedArea`) has
 * focus; null: none, the bottom right. `stay`: where the stack is, kept while it stays clear of
 * the same field, so that it does not jump while someone types and notices come and go. Else
 * the first corner clear of it (bottom right, bottom left, top right, top left); when every corner
 * covers it (a narrow screen and a tall stack), the one that covers least of it.
 */
export function noticeCorner(
  field: Box | null,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
  margin: number,
  stay: NoticeCorner | null = null,
): NoticeCorner {
  if (!field) return 'bottom-right';
  if (stay && !overlaps(cornerBox(stay, size, viewport, margin), field)) return stay;
  if (size.height === 0) return 'bottom-right';
  let best: NoticeCorner = 'bottom-right';
  let least = Infinity;
  for (const corner of NOTICE_CORNERS) {
    const box = cornerBox(corner, size, viewport, margin);
    if (!overlaps(box, field)) return corner;
    const covered = (Math.min(box.right, field.right) - Math.max(box.left, field.left)) * (Math.min(box.bottom, field.bottom) - Math.max(box.top, field.top));
    if (covered < least) {
      least = covered;
      best = corner;
    }
  }
  return best;
}

/**
 * What must stay in sight while `active` has focus: the whole dialog it is in (a modal dialog holds
 * the focus until it closes, and its buttons are what the person presses next, whatever has focus);
 * else the form it is in when that form has a field to type in (its buttons too: pressing Send or
 * ticking Alert moves focus to them, and the stack must not come back over them between the press
 * and the release), else the field itself; null when focus is on nothing typed into.
 */
export function guardedArea(active: Element | null): HTMLElement | null {
  if (!(active instanceof HTMLElement)) return null;
  const dialog = active.closest<HTMLElement>('[role="dialog"], [role="alertdialog"]');
  if (dialog) return dialog;
  const form = active.closest('form');
  if (form && [...form.elements].some((el) => isTypingTarget(el as HTMLElement))) return form;
  return isTypingTarget(active) ? active : null;
}
