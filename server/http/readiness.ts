import type { IncomingHttpHeaders } from 'node:http';
import type { ReadyReport } from '../../lib/protocol/http';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import { bearerMatches } from '../metrics';

/**
 * Whether the store takes appends (SPEC OPS1): a store can answer every ping and still refuse
 * each write (Redis at its maxmemory, or read-only after a failed save; a full disk under
 * SQLite). Told of each append's outcome (`instrumentStore`); refusing = REFUSALS appends in a
 * row refused as unavailable with none written since (one timeout alone is a blip, not an
 * outage to page someone for), the last under HOLD_MS ago (the outboxes retry every few
 * seconds while it lasts; with no writes to tell, it is not held against the store).
 */
export class WriteHealth {
  static readonly HOLD_MS = 30_000;
  static readonly REFUSALS = 2;
  private refusedSince: number | null = null;
  private refusals = 0;
  private lastRefusal = 0;
  private lastDetail = '';
  constructor(private readonly now: () => number = Date.now) {}

  refused(err: unknown): void {
    const t = this.now();
    this.refusedSince ??= t;
    this.refusals++;
    this.lastRefusal = t;
    this.lastDetail = err instanceof Error ? err.message : String(err);
  }

  written(): void {
    this.refusedSince = null;
    this.refusals = 0;
  }

  state(): { writable: true } | { writable: false; detail: string } {
    if (this.refusedSince === null || this.refusals < WriteHealth.REFUSALS || this.now() - this.lastRefusal > WriteHealth.HOLD_MS)
      return { writable: true };
    return { writable: false, detail: `appends refused since ${new Date(this.refusedSince).toISOString()}: ${this.lastDetail}` };
  }
}

/** SPEC OPS1: ready = the store answers, takes appends, and its bus delivers to this process. */
export async function readiness(store: Pick<Store, 'health' | 'kind'>, server: string, writes?: WriteHealth): Promise<ReadyReport> {
  try {
    const h = await store.health();
    const w = writes?.state() ?? { writable: true };
    const checks = { reachable: h.reachable, subscribed: h.subscribed, writable: w.writable };
    if (h.ok && !w.writable) return { ok: false, server, store: store.kind, checks, detail: w.detail };
    return { ok: h.ok, server, store: store.kind, checks, detail: h.detail };
  } catch (err) {
    const detail = `health check failed: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, server, store: store.kind, checks: { reachable: false, subscribed: false, writable: false }, detail };
  }
}

/** The detail anyone may read: what the checks say, never the store's own words (a Redis error names its address). */
function publicDetail(r: ReadyReport): string {
  if (r.ok) return 'ready';
  if (!r.checks.reachable) return 'store unreachable';
  if (!r.checks.subscribed) return 'bus subscription is not live';
  if (!r.checks.writable) return 'store refuses writes';
  return 'not ready';
}


/**
 * GET /readyz (SPEC OPS1). Public, for load balancers: the store's own detail (an error
 * text, which may name an internal address) is answered only to `Authorization: Bearer
 * <METRICS_TOKEN>`; everyone else gets what the checks say. The detail is logged when
 * it changes, so the log has it either way.
 */
export function createReadyz(opts: {
  store: Pick<Store, 'health' | 'kind'>;
  server: string;
  metricsToken: string | undefined;
  log: Logger;
  writes?: WriteHealth;
}) {
  let logged = 'ready';
  return async (headers: IncomingHttpHeaders): Promise<{ status: number; body: ReadyReport }> => {
    const r = await readiness(opts.store, opts.server, opts.writes);
    const now = r.ok ? 'ready' : r.detail;
    if (now !== logged) {
      if (r.ok) opts.log.info({ checks: r.checks }, 'ready again');
      else opts.log.warn({ checks: r.checks, detail: r.detail }, 'not ready');
      logged = now;
    }
    const full = opts.metricsToken !== undefined && bearerMatches(headers.authorization, opts.metricsToken);
    return { status: r.ok ? 200 : 503, body: full ? r : { ...r, detail: publicDetail(r) } };
  };
}
