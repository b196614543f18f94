import { describe, expect, it } from 'vitest';
import { lengthState } from './length-note';

describe('lengthState: a text field says how long its text is near its limit', () => {
  it('says nothing well below the limit, the count from 80 % on, and that it is full at the limit', () => {
    expect(lengthState('', 200)).toBeNull();
    expect(lengthState('x'.repeat(159), 200)).toBeNull();
    expect(lengthState('x'.repeat(160), 200)).toEqual({ kind: 'near', count: 160 });
    expect(lengthState('x'.repeat(199), 200)).toEqual({ kind: 'near', count: 199 });
    expect(lengthState('x'.repeat(200), 200)).toEqual({ kind: 'full', count: 200 });
  });
});
