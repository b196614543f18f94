import type { IncomingHttpHeaders } from 'node:http';
import type { ReadyReport } from '../../lib/protocol/http';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import { bearerMatches } from '../metrics';

/** SPEC OPS1: ready = the store answers and its bus delivers to this process. */
export async function readiness(store: Pick<Store, 'health' | 'kind'>, server: string): Promise<ReadyReport> {
  try {
    const h = await store.health();
    return { ok: h.ok, server, store: store.kind, checks: { reachable: h.reachable, subscribed: h.subscribed }, detail: h.detail };
  } catch (err) {
    const detail = `health check failed: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, server, store: store.kind, checks: { reachable: false, subscribed: false }, detail };
  }
}

/** The detail anyone may read: what the checks say, never the store's own words (a Redis error names its address). */
function publicDetail(r: ReadyReport): string {
  if (r.ok) return 'ready';
  if (!r.checks.reachable) return 'store unreachable';
  if (!r.checks.subscribed) return 'bus subscription is not live';
  return 'not ready';
}


/**
 * GET /readyz (SPEC OPS1). Public, for load balancers: the store's own detail (an error
 * text, which may name an internal address) is answered only to `Authorization: Bearer
 * <METRICS_TOKEN>`; everyone else gets what the checks say. The detail is logged when
 * it changes, so the log has it either way.
 */
export function createReadyz(opts: { store: Pick<Store, 'health' | 'kind'>; server: string; metricsToken: string | undefined; log: Logger }) {
  let logged = 'ready';
  return async (headers: IncomingHttpHeaders): Promise<{ status: number; body: ReadyReport }> => {
    const r = await readiness(opts.store, opts.server);
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
