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
 * The first corner (bottom right, bottom left, top right, top left) where the stack does not
 * cover `field`, the text field that has focus (null: none, stay bottom right). When every corner
 * covers it (a narrow screen and a tall stack), the one that covers least of it.
 */
export function noticeCorner(field: Box | null, size: { width: number; height: number }, viewport: { width: number; height: number }, margin: number): NoticeCorner {
  if (!field || size.height === 0) return 'bottom-right';
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

/** A field a person types or chooses in: what a notice must not hide while it has focus. */
export function isTextField(el: Element | null): el is HTMLElement {
  if (!el || !(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color', 'image', 'hidden'].includes(el.type);
}
