import { describe, expect, it } from 'vitest';
import { OVERVIEW_PER_PAGE, overviewPages } from './wall-overview';

describe('overviewPages: the all-active wall’s pages (SPEC AUTH7)', () => {
  it('up to nine on one page; more on as few pages as nine a page need, shared evenly, rows of three', () => {
    expect(overviewPages(0)).toEqual({ pages: 1, perPage: 0, rows: 0 });
    expect(overviewPages(1)).toEqual({ pages: 1, perPage: 1, rows: 1 });
    expect(overviewPages(9)).toEqual({ pages: 1, perPage: 9, rows: 3 });
    expect(overviewPages(10)).toEqual({ pages: 2, perPage: 5, rows: 2 });
    expect(overviewPages(12)).toEqual({ pages: 2, perPage: 6, rows: 2 });
    expect(overviewPages(13)).toEqual({ pages: 2, perPage: 7, rows: 3 });
    expect(overviewPages(18)).toEqual({ pages: 2, perPage: 9, rows: 3 });
    expect(overviewPages(19)).toEqual({ pages: 3, perPage: 7, rows: 3 });
  });

  it('every incident is on a page, none twice, no page over nine', () => {
    for (let n = 1; n <= 60; n++) {
      const { pages, perPage } = overviewPages(n);
      expect(perPage).toBeLessThanOrEqual(OVERVIEW_PER_PAGE);
      expect(pages * perPage).toBeGreaterThanOrEqual(n);
      expect((pages - 1) * perPage).toBeLessThan(n); // the last page is not empty
    }
  });
});
