import { isTypingTarget } from './typing-target';

/** Where the notices stack: the bottom right unless that would cover the field the person is typing in. */
export type NoticeCorner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

export const NOTICE_CORNERS: readonly NoticeCorner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];
/**
 * The order for a dialog that no corner clears (a wide one, centred: every corner covers as much
 * of it): the top first, over its title, not over its buttons and error line at the bottom.
 */
export const DIALOG_CORNERS: readonly NoticeCorner[] = ['top-right', 'top-left', 'bottom-right', 'bottom-left'];

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

/** The first corner (NOTICE_CORNERS order) where the stack would not cover `area`; undefined when every corner does. */
function clearCorner(area: Box, size: { width: number; height: number }, viewport: { width: number; height: number }, margin: number): NoticeCorner | undefined {
  return NOTICE_CORNERS.find((c) => !overlaps(cornerBox(c, size, viewport, margin), area));
}

/** An open dialog (Radix renders its content with one of these roles). */
export const DIALOG_SELECTOR = '[role="dialog"], [role="alertdialog"]';

/**
 * The corner for the stack while `field` (the area to keep clear: see `guardedAreas` and `guardIndex`) has
 * focus; null: none, the bottom right. `stay`: where the stack is, kept while it stays clear of
 * the same field, so that it does not jump while someone types and notices come and go. Else
 * the first corner clear of it (bottom right, bottom left, top right, top left); when every corner
 * covers it (a narrow screen and a tall stack), the one that covers least of it, the first in
 * `ties` among equals (DIALOG_CORNERS for a dialog).
 */
export function noticeCorner(
  field: Box | null,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
  margin: number,
  stay: NoticeCorner | null = null,
  ties: readonly NoticeCorner[] = NOTICE_CORNERS,
): NoticeCorner {
  if (!field) return 'bottom-right';
  if (stay && !overlaps(cornerBox(stay, size, viewport, margin), field)) return stay;
  if (size.height === 0) return 'bottom-right';
  const clear = clearCorner(field, size, viewport, margin);
  if (clear) return clear;
  // Every corner covers it: the one that covers least, `ties` deciding between equals.
  let best: NoticeCorner = ties[0]!;
  let least = Infinity;
  for (const corner of ties) {
    const box = cornerBox(corner, size, viewport, margin);
    const covered = (Math.min(box.right, field.right) - Math.max(box.left, field.left)) * (Math.min(box.bottom, field.bottom) - Math.max(box.top, field.top));
    if (covered < least) {
      least = covered;
      best = corner;
    }
  }
  return best;
}

/**
 * What should stay in sight while `active` has focus, widest first: the dialog it is in (a modal
 * dialog holds the focus until it closes, and its buttons are pressed next, whatever has focus);
 * then the form it is in when that form has a field to type in (its buttons too: pressing Send or
 * ticking Alert moves focus to them, and the stack must not come back over them between the press
 * and the release), else the field itself. Empty when focus is on nothing typed into, outside a
 * dialog. `guardIndex` picks the one to keep clear.
 */
export function guardedAreas(active: Element | null): HTMLElement[] {
  if (!(active instanceof HTMLElement)) return [];
  const out: HTMLElement[] = [];
  const dialog = active.closest<HTMLElement>(DIALOG_SELECTOR);
  if (dialog) out.push(dialog);
  const form = active.closest('form');
  if (form && [...form.elements].some((el) => isTypingTarget(el as HTMLElement))) out.push(form);
  else if (isTypingTarget(active)) out.push(active);
  return out;
}

/**
 * Which of the areas (widest first, `guardedAreas`) the stack keeps clear of: the widest that some
 * corner clears; when none is cleared by any corner (a wide dialog on a laptop), the narrowest, so
 * that at least the field and the form's buttons stay in sight. -1 when there are none.
 */
export function guardIndex(areas: readonly Box[], size: { width: number; height: number }, viewport: { width: number; height: number }, margin: number): number {
  const clear = areas.findIndex((a) => clearCorner(a, size, viewport, margin) !== undefined);
  return clear >= 0 ? clear : areas.length - 1;
}
