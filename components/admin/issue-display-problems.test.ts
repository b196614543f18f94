import { describe, expect, it } from 'vitest';
import { LIMITS } from '@/lib/domain/limits';
import { displayNameProblem } from './issue-display-problems';

describe("displayNameProblem: the issue-display dialog's words for a name it would not send", () => {
  it('empty: enter a name', () => {
    expect(displayNameProblem('')).toEqual({ key: 'nameRequired' });
  });

  it(`over LIMITS.name (${LIMITS.name}): at most that many characters, not "enter a name"`, () => {
    expect(displayNameProblem('x'.repeat(160))).toEqual({ key: 'nameTooLong', values: { max: LIMITS.name } });
    expect(displayNameProblem('x'.repeat(LIMITS.name + 1))).toEqual({ key: 'nameTooLong', values: { max: LIMITS.name } });
    expect(displayNameProblem('x'.repeat(LIMITS.name))).toBeNull();
  });

  it('a control character: characters that cannot be used', () => {
    expect(displayNameProblem('Wall\u0001 1')).toEqual({ key: 'nameInvalid' });
  });

  it('a name as people write it is fine', () => {
    expect(displayNameProblem('指挥中心 大屏 1 / Command centre wall 1')).toBeNull();
  });
});
