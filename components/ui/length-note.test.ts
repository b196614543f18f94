import { describe, expect, it } from 'vitest';
import { cutSaid, lengthState } from './length-note';

describe('lengthState: a text field says how long its text is near its limit', () => {
  it('says nothing well below the limit, the count from 80 % on, and that it is full at the limit', () => {
    expect(lengthState('', 200)).toBeNull();
    expect(lengthState('x'.repeat(159), 200)).toBeNull();
    expect(lengthState('x'.repeat(160), 200)).toEqual({ kind: 'near', count: 160 });
    expect(lengthState('x'.repeat(199), 200)).toEqual({ kind: 'near', count: 199 });
    expect(lengthState('x'.repeat(200), 200)).toEqual({ kind: 'full', count: 200 });
  });
});

describe('cutSaid: the live region of a field says the limit once, when the text reaches it', () => {
  /** What the region says after each text in turn, from a field that opened with `start`. */
  const said = (start: string, texts: string[], max = 10) => {
    let before = start;
    let now = false;
    return texts.map((value) => {
      now = cutSaid(now, before, value, max);
      before = value;
      return now;
    });
  };

  it('says nothing below the limit, and says it when a keystroke or a cut paste reaches it', () => {
    expect(said('', ['a', 'abcdefghi'])).toEqual([false, false]);
    expect(said('abcdefghi', ['abcdefghij'])).toEqual([true]);
    expect(said('', ['abcdefghij'])).toEqual([true]);
  });

  it('keeps the same words at the limit (no new announcement for a keystroke maxLength drops), and clears them below it', () => {
    expect(said('abcdefghi', ['abcdefghij', 'abcdefghij', 'abcdefghi'])).toEqual([true, true, false]);
  });

  it('says it again when the text reaches the limit again after falling below it', () => {
    expect(said('abcdefghi', ['abcdefghij', 'abcdefghi', 'abcdefghiz'])).toEqual([true, false, true]);
  });

  it('says nothing for a text that starts full (a dialog opened on a full text), until it falls below and comes back', () => {
    expect(said('abcdefghij', ['abcdefghiJ', 'abcdefghi', 'abcdefghij'])).toEqual([false, false, true]);
  });
});
