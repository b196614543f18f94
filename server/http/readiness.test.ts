import { describe, expect, it } from 'vitest';
import type { StoreHealth } from '../store/types';
import { createLogger } from '../log';
import { createReadyz, WriteHealth } from './readiness';

/** SPEC OPS1: /readyz tells anyone whether the process is ready, and the store's own words only to METRICS_TOKEN. */
function setUp(metricsToken: string | undefined) {
  let health: StoreHealth = { ok: true, detail: 'Redis reachable, bus subscribed', reachable: true, subscribed: true };
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('info', 'r', { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  const readyz = createReadyz({ store: { kind: 'redis', health: async () => health }, server: 'r', metricsToken, log });
  return { readyz, lines, set: (h: StoreHealth) => (health = h) };
}
const DOWN: StoreHealth = { ok: false, detail: 'Redis unreachable: connect ECONNREFUSED 10.20.30.40:6379', reachable: false, subscribed: false };

describe('GET /readyz', () => {
  it('OPS1: a store error (which names its address) is answered as what failed; the error itself only to the METRICS_TOKEN bearer, and in the log once', async () => {
    const { readyz, lines, set } = setUp('metrics-secret');
    expect(await readyz({})).toEqual({ status: 200, body: { ok: true, server: 'r', store: 'redis', checks: { reachable: true, subscribed: true, writable: true }, detail: 'ready' } });
    set(DOWN);
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'metrics-secret' }]) {
      const r = await readyz(headers);
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ ok: false, checks: { reachable: false, subscribed: false }, detail: 'store unreachable' });
      expect(JSON.stringify(r.body)).not.toContain('10.20.30.40');
    }
    expect((await readyz({ authorization: 'Bearer metrics-secret' })).body.detail).toBe(DOWN.detail);
    set({ ok: false, detail: 'Redis bus subscription is not live', reachable: true, subscribed: false });
    expect((await readyz({})).body.detail).toBe('bus subscription is not live');
    set({ ...DOWN, ok: true, reachable: true, subscribed: true });
    expect((await readyz({})).status).toBe(200);
    // Logged when it changes, not on every probe.
    expect(lines.map((l) => [l.msg, l.detail])).toEqual([
      ['not ready', DOWN.detail],
      ['not ready', 'Redis bus subscription is not live'],
      ['ready again', undefined],
    ]);
  });

  it('OPS1: without METRICS_TOKEN nobody gets the store\'s own words; a health check that throws is not ready', async () => {
    const { readyz } = setUp(undefined);
    const throwing = createReadyz({
      store: { kind: 'sqlite', health: () => Promise.reject(new Error('disk I/O error at /var/lib/portline')) },
      server: 'r',
      metricsToken: undefined,
      log: createLogger('silent', 'r'),
    });
    expect((await readyz({ authorization: 'Bearer ' })).body.detail).toBe('ready');
    const r = await throwing({});
    expect(r).toMatchObject({ status: 503, body: { ok: false, detail: 'store unreachable' } });
  });

  it('OPS1: a store that answers but refused the last appends is not ready ("store refuses writes") after two refusals in a row, until one is written or 30 s pass with no refusal', async () => {
    let now = 1_000_000;
    const writes = new WriteHealth(() => now);
    const lines: Array<Record<string, unknown>> = [];
    const log = createLogger('info', 'r', { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
    const health: StoreHealth = { ok: true, detail: 'SQLite store', reachable: true, subscribed: true };
    const readyz = createReadyz({ store: { kind: 'sqlite', health: async () => health }, server: 'r', metricsToken: 'm', log, writes });
    expect((await readyz({})).status).toBe(200);
    // One refusal (a timeout, a blip) is not an outage; two in a row with none written between are.
    writes.refused(new Error('database or disk is full'));
    expect((await readyz({})).status).toBe(200);
    writes.refused(new Error('database or disk is full'));
    const r = await readyz({});
    expect(r).toMatchObject({ status: 503, body: { ok: false, checks: { reachable: true, subscribed: true, writable: false }, detail: 'store refuses writes' } });
    expect((await readyz({ authorization: 'Bearer m' })).body.detail).toMatch(/^appends refused since .*: database or disk is full$/);
    writes.written();
    expect((await readyz({})).status).toBe(200);
    writes.refused(new Error('full again'));
    writes.refused(new Error('full again'));
    now += WriteHealth.HOLD_MS - 1;
    expect((await readyz({})).status).toBe(503);
    now += 2;
    expect((await readyz({})).status).toBe(200);
  });
});
