import { describe, expect, it } from 'vitest';
import { boundSeq, LINK_TEXT_SHOWN, linkedMomentNote } from './linked-moment';

// A link to a moment (?seq=N) the replay cannot show as asked says so, and what it shows instead
// (SPEC REV1). The reading of the number itself is parseSeq's (lib/i18n/elapsed.test.ts).
describe('linkedMomentNote', () => {
  const head = 3000;

  it('REV1: nothing to say for a moment of the record, shown exactly, nor for a link without one', () => {
    for (const seq of ['1', '45', '3000', ' 12 ', '１２']) expect(linkedMomentNote(seq, head), seq).toBeNull();
    expect(linkedMomentNote(null, head)).toBeNull();
    // A blank ?seq= names no moment: the live end, as without one.
    for (const blank of ['', '  ', '\u3000']) expect(linkedMomentNote(blank, head), JSON.stringify(blank)).toBeNull();
  });

  it('REV1: past the last event: the number asked for and the record’s count; the last event is shown', () => {
    expect(linkedMomentNote('99999', head)).toEqual({ kind: 'pastEnd', asked: 99_999, head: 3000 });
    expect(linkedMomentNote('3001', head)).toEqual({ kind: 'pastEnd', asked: 3001, head: 3000 });
    expect(linkedMomentNote('９９９９９', head)).toEqual({ kind: 'pastEnd', asked: 99_999, head: 3000 });
    expect(boundSeq(99_999, head)).toBe(head);
  });

  it('REV1: event 0 (events are numbered from 1): the first event is shown', () => {
    expect(linkedMomentNote('0', head)).toEqual({ kind: 'beforeStart', asked: 0 });
    expect(linkedMomentNote('000', head)).toEqual({ kind: 'beforeStart', asked: 0 });
    expect(boundSeq(0, head)).toBe(1);
  });

  it('REV1: what is not an event number, quoted as the link had it (the page follows the live end)', () => {
    for (const bad of ['abc', '12.5', '-3', '+3', '1e2', '0x10', '1 2', '1234567890123']) expect(linkedMomentNote(bad, head), bad).toEqual({ kind: 'notANumber', text: bad });
    expect(linkedMomentNote(' abc ', head)).toEqual({ kind: 'notANumber', text: 'abc' });
  });

  it('REV1: a long unreadable moment is quoted cut short, never splitting a character', () => {
    const long = `${'事'.repeat(30)}😀`;
    const note = linkedMomentNote(long, head);
    expect(note).toEqual({ kind: 'notANumber', text: `${'事'.repeat(LINK_TEXT_SHOWN - 1)}…` });
    const emoji = linkedMomentNote('😀'.repeat(40), head);
    expect(emoji?.kind === 'notANumber' && Array.from(emoji.text)).toEqual([...Array(LINK_TEXT_SHOWN - 1).fill('😀'), '…']);
    expect(linkedMomentNote('x'.repeat(LINK_TEXT_SHOWN), head)).toEqual({ kind: 'notANumber', text: 'x'.repeat(LINK_TEXT_SHOWN) });
  });

  it('REV1: an incident with no events has no moment to name (the page says it has none)', () => {
    for (const seq of ['5', '0', 'abc']) expect(linkedMomentNote(seq, 0), seq).toBeNull();
  });
});

describe('boundSeq', () => {
  it('REV1: a moment of the record is itself; 0 the first, past the head the last; 0 with no events', () => {
    expect(boundSeq(1, 170)).toBe(1);
    expect(boundSeq(77, 170)).toBe(77);
    expect(boundSeq(170, 170)).toBe(170);
    expect(boundSeq(171, 170)).toBe(170);
    expect(boundSeq(0, 170)).toBe(1);
    expect(boundSeq(5, 0)).toBe(0);
  });

  it('REV1: the note says what the bound shows, for every number a link may carry', () => {
    for (const asked of [0, 1, 2, 169, 170, 171, 99_999]) {
      const note = linkedMomentNote(String(asked), 170);
      const shown = boundSeq(asked, 170);
      if (note === null) expect(shown, `${asked}`).toBe(asked);
      else expect(shown, `${asked}`).toBe(note.kind === 'pastEnd' ? 170 : 1);
    }
  });
});
