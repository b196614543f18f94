import { describe, expect, it } from 'vitest';
import { fireResponder } from '../../lib/domain/incident/fixtures';
import { pageUpTo } from './page-up-to';

describe('pageUpTo (SPEC AUTH5)', () => {
  const state = (seq: number, agencies: string[]) => ({ id: 'inc', phase: 'response' as const, agencies, seq });
  const counts = async (count: number) => count;

  it('reads no event past the seq checked, and says how far the process is now only while the reader may still read it', async () => {
    // Checked at 5; the hub moved on to 8 during the read.
    expect(await pageUpTo(fireResponder, 5, 1, 1000, counts, () => state(8, ['port', 'fire']))).toEqual({ page: 5, headSeq: 8 });
    // Fire was taken out by then: told nothing past the seq it was checked at.
    expect(await pageUpTo(fireResponder, 5, 1, 1000, counts, () => state(8, ['port']))).toEqual({ page: 5, headSeq: 5 });
    // A page that starts past the checked seq reads nothing; the limit still bounds it.
    expect(await pageUpTo(fireResponder, 5, 7, 1000, counts)).toEqual({ page: 0, headSeq: 5 });
    expect(await pageUpTo(fireResponder, 5, 2, 3, counts)).toEqual({ page: 3, headSeq: 5 });
  });
});
