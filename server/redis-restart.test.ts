import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../lib/domain/incident/evolve';
import { IncidentFeed } from '../lib/client/incident-feed';
import { newId } from '../lib/client/new-id';
import { createSocket, type PortlineSocket } from '../lib/client/socket';
import type { ReadyReport } from '../lib/protocol/http';
import {
  connect,
  hazmatIncident,
  logIntegrity,
  messageBurst,
  readLog,
  signIn,
  submit,
  until,
  type Sent,
} from './testing/client';
import { scrape, total } from './testing/prometheus';
import { startRedisServer, type RedisServerHandle } from './testing/redis-server';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * Two real server processes on one real redis-server (AOF always). Redis is
 * SIGKILLed in the middle of a burst from three clients and started again on the
 * same port; the servers are not restarted.
 */
let redis: RedisServerHandle;
let A: ServerProcess;
let B: ServerProcess;
let admin: string;
const sockets: PortlineSocket[] = [];
const feeds: IncidentFeed[] = [];

async function ready(url: string): Promise<{ status: number; body: ReadyReport }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as ReadyReport };
}
function follow(url: string, incidentId: string): IncidentFeed {
  const s = createSocket({ url, token: admin, websocketOnly: true });
  sockets.push(s);
  const f = new IncidentFeed(s, incidentId, () => undefined);
  f.start();
  feeds.push(f);
  return f;
}

beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true });
  [A, B] = await Promise.all([
    startServerProcess({ redisUrl: redis.url, serverId: 'rA' }),
    startServerProcess({ redisUrl: redis.url, serverId: 'rB' }),
  ]);
  admin = await signIn(A.url);
});
afterAll(async () => {
  for (const f of feeds) f.stop();
  for (const s of sockets) s.close();
  await Promise.all([A?.stop(), B?.stop()]);
  await redis?.stop();
});

describe('redis-server killed mid-burst and started again on the same port', () => {
  it('OPS1/BUS1/DUR1/IDEM1: /readyz goes 503 then 200, commands meanwhile get STORE_UNAVAILABLE and are retried with the same id; every acknowledged command is in the log once, and B hears A again', async () => {
    const writers = await Promise.all([connect(A.url, admin), connect(A.url, admin), connect(B.url, admin)]);
    sockets.push(...writers);
    const id = newId();
    expect((await submit(writers[0], id, hazmatIncident())).ok).toBe(true);
    const onA = follow(A.url, id);
    const onB = follow(B.url, id);
    await until(() => onA.seq === 1 && onB.seq === 1, 10_000, 'followers joined');

    let acked = 0;
    const PER_WRITER = 40;
    const bursts = writers.map((w, i) =>
      messageBurst(w, id, PER_WRITER, { label: `writer ${i}`, pauseMs: 25, onAck: (s) => void (s.ack.ok && acked++) }),
    );

    // Mid-burst: kill Redis once a fair share is acknowledged.
    await until(() => acked >= 20, 20_000, '20 acks before the kill');
    const ackedBeforeKill = acked;
    await redis.kill();
    const killedAt = Date.now();

    const notReady = await Promise.all([A.url, B.url].map((u) => until(async () => (await ready(u)).status === 503, 5_000, '/readyz 503')));
    const downA = await ready(A.url);
    expect(downA.body).toMatchObject({ ok: false, server: 'rA', store: 'redis', checks: { reachable: false } });
    const probe = newId();
    const direct = await submit(writers[0], id, { type: 'PostMessage', messageId: newId(), text: 'while redis is down' }, probe);
    expect(!direct.ok && direct.error.code).toBe('STORE_UNAVAILABLE');

    await new Promise((r) => setTimeout(r, 1_500)); // an outage, not a blip
    await redis.restart();
    const restartedAt = Date.now();
    const readyMs = await Promise.all(
      [A.url, B.url].map((u) =>
        until(async () => {
          const r = await ready(u);
          return r.status === 200 && r.body.checks.reachable && r.body.checks.subscribed;
        }, 20_000, '/readyz 200 after the restart'),
      ),
    );

    const sent: Sent[] = (await Promise.all(bursts)).flat();
    const doneAt = Date.now();
    // The probe's sender retries it with the same command id, as the outbox would.
    const retried = await submit(writers[0], id, { type: 'PostMessage', messageId: newId(), text: 'while redis is down' }, probe);
    expect(retried.ok).toBe(true);

    const failed = sent.filter((s) => !s.ack.ok);
    expect(failed.map((s) => !s.ack.ok && s.ack.error), 'every command is acknowledged in the end').toEqual([]);
    const ackedIds = [...sent.map((s) => s.commandId), probe];

    // After the restart, a change through A reaches a client of B without restarting either process.
    const last = await submit(writers[0], id, { type: 'PostMessage', messageId: newId(), text: 'after the restart', alert: true });
    expect(last.ok).toBe(true);
    const head = last.ok ? last.seqs[0] : 0;
    const busMs = await until(() => onB.seq === head && onA.seq === head, 15_000, 'both followers at the head');

    const events = await readLog(B.url, admin, id);
    const integrity = logIntegrity(events, ackedIds);
    expect(integrity).toEqual({ gaps: 0, duplicates: 0, missing: [] });
    expect(events).toHaveLength(1 + ackedIds.length + 1);
    for (const f of [onA, onB]) {
      expect(f.snapshot.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
      expect(f.snapshot.state).toEqual(replay(events));
    }

    const metrics = await scrape(A.url);
    const unavailable = total(metrics, 'portline_commands_total', { outcome: 'STORE_UNAVAILABLE' });
    const duplicates = total(metrics, 'portline_commands_total', { outcome: 'duplicate' });
    expect(unavailable).toBeGreaterThanOrEqual(1);
    expect(total(metrics, 'portline_errors_total', { code: 'STORE_UNAVAILABLE', source: 'command' })).toBe(unavailable);
    expect(total(metrics, 'portline_store_append_seconds_count', { store: 'redis', result: 'appended' })).toBeGreaterThanOrEqual(1);
    expect(total(metrics, 'portline_unhandled_errors_total', { transient: 'false' })).toBe(0);
    expect(A.output() + B.output()).not.toMatch(/exited code/);
    console.log(
      `OPS1/DUR1: ${ackedBeforeKill} acked before the kill; /readyz 503 after ${notReady.join('/')} ms (A/B); ` +
        `outage ${restartedAt - killedAt} ms; 200 again ${readyMs.join('/')} ms after the restart; ` +
        `burst of ${sent.length} finished ${doneAt - restartedAt} ms after the restart; A answered STORE_UNAVAILABLE ${unavailable}×, duplicate ${duplicates}×; ` +
        `B heard A's next event ${busMs} ms later; log ${events.length} events, no gap, no duplicate`,
    );
  }, 60_000); // typically 6 s
});
