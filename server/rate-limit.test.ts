import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/client/new-id';
import type { PortlineSocket } from '../lib/client/socket';
import { applyEvents } from '../lib/domain/incident/evolve';
import { connect, createUser, hazmatIncident, readLog, request, signIn, submit, until } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * SPEC AUTH10: a token bucket per socket (defaults: 20 commands/s, burst 40;
 * 20 joins+fetches/s, burst 60; 100 incidents joined at once). A flooding
 * client gets RATE_LIMITED with retryAfterMs and does not slow anyone else.
 */
let srv: ServerProcess;
let admin: string;
let incident: string;
const sockets: PortlineSocket[] = [];
const floods = new Set<ChildProcess>();
async function sock(token: string) {
  const s = await connect(srv.url, token);
  sockets.push(s);
  return s;
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

beforeAll(async () => {
  // Defaults for commands; a small cap on joined incidents to test it.
  srv = await startServerProcess({ env: { SOCKET_MAX_JOINED: '3' } });
  admin = await signIn(srv.url);
  incident = newId();
  const a = await sock(admin);
  expect((await submit(a, incident, hazmatIncident())).ok).toBe(true);
});
afterAll(async () => {
  // A flood a failed test did not stop.
  for (const c of floods) c.kill('SIGKILL');
  for (const s of sockets) s.close();
  await srv?.stop();
});

async function timedMessages(s: PortlineSocket, n: number, gapMs: number): Promise<{ ms: number[]; codes: Set<string> }> {
  const ms: number[] = [];
  const codes = new Set<string>();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const ack = await submit(s, incident, { type: 'PostMessage', messageId: newId(), text: `steady ${i}` });
    ms.push(performance.now() - t0);
    codes.add(ack.ok ? 'ok' : ack.error.code);
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return { ms, codes };
}

interface FloodResult {
  /** Epoch ms: the flood's first command, and when it was told to stop. */
  startedAt: number;
  stoppedAt: number;
  /** The longest time between two of the flood's commands. */
  maxGapMs: number;
  ms: number;
  sent: number;
  accepted: number;
  limited: number;
  retryAfterMs: [number, number];
  other: Record<string, number>;
}
/**
 * Starts the flooding client; `started` resolves once it floods, and the flood goes on
 * until `stop()`, so that what the test measures meanwhile overlaps it.
 */
function runFlood(token: string): { started: Promise<void>; stop: () => Promise<FloodResult> } {
  const root = path.resolve(__dirname, '..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'testing', 'flood-client.ts'), srv.url, token, incident], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  floods.add(child);
  let out = '';
  let err = '';
  let onStart: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStart = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('flooding ')) onStart();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<FloodResult>((resolve, reject) =>
    child.once('exit', (code) => {
      floods.delete(child);
      onStart();
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) return reject(new Error(`flood client failed (${code}): ${out}${err}`));
      resolve(JSON.parse(line) as FloodResult);
    }),
  );
  return {
    started,
    stop: () => {
      child.stdin.end('stop\n');
      return done;
    },
  };
}

/**
 * The steady socket's own pace stays under its limit (20/s, burst 40): a command,
 * its ack, then this gap. At 20 ms, a fast machine (acks in 3 ms) sent ~43/s and
 * ran its own bucket dry by its hundredth command, whatever the flood did.
 */
const STEADY_GAP_MS = 60;

describe('per-socket limits', () => {
  it('AUTH10: one socket floods commands: it is throttled with RATE_LIMITED + retryAfterMs, another socket’s commands keep their normal ack time', async () => {
    const flooderToken = (await createUser(srv.url, admin, 'rl-flood', 'responder', 'fire')).token;
    const steady = await sock((await createUser(srv.url, admin, 'rl-steady', 'responder', 'fire')).token);
    const baseline = await timedMessages(steady, 50, STEADY_GAP_MS);
    expect([...baseline.codes]).toEqual(['ok']);

    const flood = runFlood(flooderToken);
    await flood.started;
    const from = Date.now();
    const during = await timedMessages(steady, 50, STEADY_GAP_MS);
    const to = Date.now();
    const f = await flood.stop();

    console.log(
      [
        `AUTH10 flood: ${f.sent} commands from one socket (its own process, ${f.ms} ms, 100 in flight, longest pause ${f.maxGapMs} ms) → ${f.accepted} accepted, ${f.limited} RATE_LIMITED (retryAfterMs ${f.retryAfterMs[0]}–${f.retryAfterMs[1]})`,
        `  steady socket, 50 commands before the flood: p50 ${pct(baseline.ms, 50).toFixed(1)} ms, p95 ${pct(baseline.ms, 95).toFixed(1)} ms, max ${Math.max(...baseline.ms).toFixed(1)} ms`,
        `  steady socket, 50 commands during the flood: p50 ${pct(during.ms, 50).toFixed(1)} ms, p95 ${pct(during.ms, 95).toFixed(1)} ms, max ${Math.max(...during.ms).toFixed(1)} ms`,
      ].join('\n'),
    );
    // The steady socket's commands were all sent while the flood went on, without a pause
    // of its own longer than a few of the steady socket's gaps.
    expect(f.startedAt).toBeLessThanOrEqual(from);
    expect(f.stoppedAt).toBeGreaterThanOrEqual(to);
    expect(f.maxGapMs).toBeLessThan(500);
    expect(f.sent).toBeGreaterThan(1000);
    expect(f.accepted + f.limited).toBe(f.sent);
    expect(f.other).toEqual({});
    // The burst (40), plus what refills at 20/s while the flood lasts.
    expect(f.accepted).toBeGreaterThanOrEqual(40);
    expect(f.accepted).toBeLessThanOrEqual(40 + Math.ceil((f.ms / 1000) * 20) + 1);
    expect(f.retryAfterMs[0]).toBeGreaterThan(0);
    expect(f.retryAfterMs[1]).toBeLessThanOrEqual(50);
    expect([...during.codes]).toEqual(['ok']);
    // Normal time: generous bounds for a 2-core machine that runs other test files at once.
    expect(pct(during.ms, 50)).toBeLessThan(Math.max(100, pct(baseline.ms, 50) * 5));
    expect((await fetch(`${srv.url}/healthz`)).ok).toBe(true);
  }, 60_000);

  it('AUTH10: joins and fetches are limited per socket too, and so is the number of incidents joined at once', async () => {
    const s = await sock(admin);
    const ids = [incident];
    for (let i = 0; i < 3; i++) {
      const id = newId();
      await submit(s, id, hazmatIncident());
      ids.push(id);
    }
    for (const id of ids.slice(0, 3)) expect((await s.emitWithAck('incident:join', { incidentId: id, sinceSeq: 0 })).ok).toBe(true);
    const fourth = await s.emitWithAck('incident:join', { incidentId: ids[3], sinceSeq: 0 });
    expect(!fourth.ok && fourth.error.code).toBe('RATE_LIMITED');
    expect(!fourth.ok && fourth.error.details?.limit).toBe('joined');
    expect((await s.emitWithAck('incident:leave', { incidentId: ids[0] })).ok).toBe(true);
    expect((await s.emitWithAck('incident:join', { incidentId: ids[3], sinceSeq: 0 })).ok).toBe(true);

    const reader = await sock(admin);
    const fetches = await Promise.all(
      Array.from({ length: 300 }, () => reader.timeout(10_000).emitWithAck('incident:fetch', { incidentId: incident, fromSeq: 1, limit: 1 })),
    );
    const limited = fetches.filter((f) => !f.ok && f.error.code === 'RATE_LIMITED').length;
    expect(fetches.every((f) => f.ok || (f.error.code === 'RATE_LIMITED' && f.error.details?.limit === 'reads'))).toBe(true);
    console.log(`AUTH10 reads: 300 fetches at once → ${300 - limited} served, ${limited} RATE_LIMITED`);
    expect(300 - limited).toBeGreaterThanOrEqual(60);
    expect(limited).toBeGreaterThan(200);
    const http = await request(srv.url, 'GET', `/api/incidents/${incident}`, { token: admin });
    expect(http.status).toBe(200);
  });
  it('AUTH10: a burst of 150 joins at once from one socket ends with at most the cap joined; the others are RATE_LIMITED (joined or reads), and the count stays right after', async () => {
    const maker = await sock(admin);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = newId();
      expect((await submit(maker, id, hazmatIncident())).ok).toBe(true);
      ids.push(id);
    }
    const s = await sock(admin);
    const asked = Array.from({ length: 150 }, (_, i) => ids[i % ids.length]);
    const acks = await Promise.all(asked.map((incidentId) => s.timeout(10_000).emitWithAck('incident:join', { incidentId, sinceSeq: 0 })));
    const joinedIds = new Set(asked.filter((_, i) => acks[i].ok));
    const limits = acks.flatMap((a) => (a.ok ? [] : [`${a.error.code}:${String(a.error.details?.limit)}`]));
    console.log(`AUTH10 joins: 150 at once over 10 incidents (cap 3) → ${joinedIds.size} incidents joined; refused ${JSON.stringify(Object.fromEntries([...new Set(limits)].map((k) => [k, limits.filter((l) => l === k).length])))}`);
    expect(joinedIds.size).toBeLessThanOrEqual(3);
    expect(joinedIds.size).toBeGreaterThan(0);
    expect(limits.every((l) => l === 'RATE_LIMITED:joined' || l === 'RATE_LIMITED:reads')).toBe(true);
    expect(limits).toContain('RATE_LIMITED:joined');

    // The socket is in exactly those rooms: once it leaves them, three others fit, and not a fourth.
    await new Promise((r) => setTimeout(r, 1_000)); // the reads bucket refills (20/s)
    for (const id of joinedIds) expect((await s.emitWithAck('incident:leave', { incidentId: id })).ok).toBe(true);
    const others = ids.filter((id) => !joinedIds.has(id));
    for (const id of others.slice(0, 3)) expect((await s.emitWithAck('incident:join', { incidentId: id, sinceSeq: 0 })).ok).toBe(true);
    const fourth = await s.emitWithAck('incident:join', { incidentId: others[3], sinceSeq: 0 });
    expect(!fourth.ok && `${fourth.error.code}:${String(fourth.error.details?.limit)}`).toBe('RATE_LIMITED:joined');
  });

  it('AUTH10, AUTH5: a socket whose agency is taken out of an incident no longer counts it among its joined incidents: it can join another within the cap', async () => {
    const maker = await sock(admin);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = newId();
      expect((await submit(maker, id, hazmatIncident(['port', 'fire']))).ok).toBe(true);
      ids.push(id);
    }
    const fire = (await createUser(srv.url, admin, `fire-joins-${newId().slice(0, 6)}`, 'liaison', 'fire')).token;
    const s = await sock(fire);
    let takenOut = false;
    s.on('incident:events', (msg) => {
      if (msg.incidentId === ids[0] && msg.events.some((e) => e.type === 'IncidentUpdated')) takenOut = true;
    });
    for (const id of ids.slice(0, 3)) expect((await s.emitWithAck('incident:join', { incidentId: id, sinceSeq: 0 })).ok).toBe(true);
    const full = await s.emitWithAck('incident:join', { incidentId: ids[3], sinceSeq: 0 });
    expect(!full.ok && full.error.details?.limit).toBe('joined');

    const version = applyEvents(null, await readLog(srv.url, admin, ids[0]))!.version;
    expect((await submit(maker, ids[0], { type: 'UpdateIncident', expectedVersion: version, agencies: ['port'] })).ok).toBe(true);
    // The last event fire gets of it; the fan-out takes its socket out of the room right after.
    await until(() => takenOut, 10_000, 'the update that takes fire out');
    const fourth = await s.emitWithAck('incident:join', { incidentId: ids[3], sinceSeq: 0 });
    expect(fourth.ok ? 'ok' : fourth.error.code).toBe('ok');
    // At the cap again; with a slot free, the incident it was taken out of is refused as unreadable.
    expect((await s.emitWithAck('incident:leave', { incidentId: ids[3] })).ok).toBe(true);
    const back = await s.emitWithAck('incident:join', { incidentId: ids[0], sinceSeq: 0 });
    expect(!back.ok && back.error.code).toBe('FORBIDDEN');
  });
});
