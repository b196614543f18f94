import type { Principal } from '../../lib/domain/actor';
import { canReadIncident } from '../../lib/domain/permissions';

/**
 * SPEC AUTH5, for join, fetch and GET /events: a page from `from` holds no event past
 * `checkedSeq`, the seq of the state (or list row) the reader's access was checked at: this
 * process may be behind the store (another process took the reader's agency out meanwhile).
 * `read(count)` reads that many events from `from` (0 when `from` is past it). `headSeq` is how far
 * this process is once read (`now`, its state then), while the reader may still read it, else the
 * seq checked: a reader behind it asks again, and once the process has caught up the next page
 * holds the rest. Never below the page read, which ends at `checkedSeq` at the latest. GET /events
 * gives no `now`: it works from the list row, without the incident's hub (not loaded for it, SPEC
 * REV6), so its headSeq is the row's seq, the process's as it was checked.
 */
export async function pageUpTo<P>(
  actor: Principal,
  checkedSeq: number,
  from: number,
  limit: number,
  read: (count: number) => Promise<P>,
  now?: () => (Parameters<typeof canReadIncident>[1] & { seq: number }) | null | undefined,
): Promise<{ page: P; headSeq: number }> {
  const page = await read(Math.max(0, Math.min(limit, checkedSeq - from + 1)));
  const state = now?.();
  return { page, headSeq: state && state.seq > checkedSeq && canReadIncident(actor, state) ? state.seq : checkedSeq };
}
