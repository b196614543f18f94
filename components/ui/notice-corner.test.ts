import { describe, expect, it } from 'vitest';
import { cornerBox, DIALOG_CORNERS, guardIndex, noticeCorner } from './notice-corner';

const viewport = { width: 1366, height: 768 };
const stack = { width: 368, height: 240 };

describe('where the notices stack: never over the field being typed in', () => {
  it('stays bottom right with no field in focus, or one elsewhere', () => {
    expect(noticeCorner(null, stack, viewport, 16)).toBe('bottom-right');
    // The board's search box, top left.
    expect(noticeCorner({ left: 16, top: 168, right: 464, bottom: 198 }, stack, viewport, 16)).toBe('bottom-right');
  });

  it('moves to the bottom left when it would cover the message box on the right', () => {
    // A composer (text, recipient, Send) at 1035–1357 × 382–600; a stack of 240 px at the bottom reaches up to 512.
    const composer = { left: 1035, top: 382, right: 1357, bottom: 600 };
    expect(noticeCorner(composer, stack, viewport, 16)).toBe('bottom-left');
  });

  it('goes to the top when the field spans the bottom of a narrow screen', () => {
    const phone = { width: 390, height: 844 };
    const field = { left: 8, top: 700, right: 382, bottom: 760 };
    expect(noticeCorner(field, { width: 358, height: 200 }, phone, 16)).toBe('top-right');
  });

  it('covers least of a field that every corner would cover', () => {
    const phone = { width: 390, height: 500 };
    const field = { left: 0, top: 100, right: 390, bottom: 480 };
    const corner = noticeCorner(field, { width: 358, height: 300 }, phone, 16);
    const box = cornerBox(corner, { width: 358, height: 300 }, phone, 16);
    // Bottom: 184–484 covers 296 px of the field's height; top: 16–316 covers 216.
    expect(corner.startsWith('top')).toBe(true);
    expect(box.top).toBe(16);
  });

  it('stays where it is while that is clear of the same field, so it does not jump while someone types', () => {
    const composer = { left: 1035, top: 382, right: 1357, bottom: 600 };
    // Two notices went: at the bottom right the stack (now 100 px) would no longer cover the
    // composer, but it was moved to the bottom left for this field and stays there.
    expect(noticeCorner(composer, { width: 384, height: 100 }, viewport, 16, 'bottom-left')).toBe('bottom-left');
    // Where it was would cover the field now: it moves.
    expect(noticeCorner(composer, stack, viewport, 16, 'bottom-right')).toBe('bottom-left');
    // No field in focus: back to the bottom right whatever it was.
    expect(noticeCorner(null, stack, viewport, 16, 'bottom-left')).toBe('bottom-right');
  });

  it('an empty stack covers nothing', () => {
    expect(noticeCorner({ left: 0, top: 0, right: 1366, bottom: 768 }, { width: 384, height: 0 }, viewport, 16)).toBe('bottom-right');
  });

  it('keeps clear of an open dialog where a corner can; of a wide one, of its form, and never over its buttons', () => {
    const small = { width: 368, height: 100 };
    // A 36rem dialog centred at 1366 px: the bottom right (982–1350) is clear of it.
    const md = { left: 395, top: 60, right: 971, bottom: 710 };
    expect(guardIndex([md], small, viewport, 16)).toBe(0);
    expect(noticeCorner(md, small, viewport, 16, null, DIALOG_CORNERS)).toBe('bottom-right');
    // A 48rem one (299–1067): every corner covers it; its form (below the title) is clear at the top.
    const lg = { left: 299, top: 60, right: 1067, bottom: 710 };
    const form = { left: 299, top: 130, right: 1067, bottom: 710 };
    expect(guardIndex([lg, form], small, viewport, 16)).toBe(1);
    expect(noticeCorner(form, small, viewport, 16)).toBe('top-right');
    // Focus on a button of a wide dialog with no form: over its title, not its buttons (a tie, broken to the top).
    expect(guardIndex([lg], small, viewport, 16)).toBe(0);
    expect(noticeCorner(lg, small, viewport, 16, null, DIALOG_CORNERS)).toBe('top-right');
    expect(guardIndex([], small, viewport, 16)).toBe(-1);
  });
});
