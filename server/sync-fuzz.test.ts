import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentFeed, type FeedSnapshot } from '../lib/client/incident-feed';
import { newId } from '../lib/client/new-id';
import { sendCommand } from '../lib/client/send-command';
import { createSocket, type PortlineSocket } from '../lib/client/socket';
import { ErrorCode } from '../lib/domain/errors';
import type { IncidentCommandInput } from '../lib/domain/incident/commands';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { replay } from '../lib/domain/incident/evolve';
import { isActiveTask, type IncidentState } from '../lib/domain/incident/state';
import { summarize } from '../lib/domain/incident/summary';
import { SEVERITIES } from '../lib/domain/incident/vocabulary';
import type { Ack } from '../lib/protocol/ack';
import type { CommandResult } from '../lib/protocol/socket';
import { mulberry32 } from './demo/drill';
import { nextLiveCommand } from './demo/live';
import { api, connect, createUser, hazmatIncident, logIntegrity, readLog, signIn, submit, until } from './testing/client';
import { startRedisServer, type RedisServerHandle } from './testing/redis-server';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * Issue #6, "a fuzz test in the spirit of a sync fuzzer": real server processes,
 * real socket.io-client connections, each client an incident follower exactly
 * as the browser has it (IncidentFeed with gap fill, sendCommand with retries
 * under the same command id). A seeded PRNG picks plausible commands (the demo's
 * live generator) and some invalid or conflicting ones, drops and reconnects
 * clients, moves them between processes and restarts server processes (kill -9
 * and SIGTERM). At the end, once quiet: every client's state is the server's,
 * the log has seqs 1..n and no command id twice, every acknowledged command is
 * in the log exactly once with the seqs of its ack, and no refused one is.
 *
 * Timing is not reproducible, the choices are: re-run a seed with
 * PORTLINE_FUZZ_SEED=<seed> npx vitest run server/sync-fuzz.test.ts
 */
const SEED = Number(process.env.PORTLINE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`sync fuzz seed ${SEED}; re-run with: PORTLINE_FUZZ_SEED=${SEED} npx vitest run server/sync-fuzz.test.ts`);

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How a command was chosen, and so what its ack must be. */
type Kind = 'live' | 'incident' | 'agencies' | 'stale' | 'invalid' | 'resend' | 'foreign';

interface Sent {
  commandId: string;
  incidentId: string;
  by: string;
  kind: Kind;
  command: IncidentCommandInput;
  /** For resend / foreign: what was resent. */
  original?: Sent;
  ack?: Ack<CommandResult>;
  done: Promise<void>;
}

/** One person's tab: a socket to one server process and a feed per incident. */
interface Client {
  key: string;
  token: string;
  server: number;
  socket: PortlineSocket;
  feeds: Map<string, IncidentFeed>;
  /** Commands in flight on this socket. */
  inflight: Set<Promise<void>>;
  /** Manually disconnected; reconnects later. */
  away: boolean;
  /** Last socket life events (diagnostics for a feed that lags). */
  history: string[];
}

const ACCOUNTS = [
  { key: 'commander', role: 'commander', agency: null },
  { key: 'fire', role: 'liaison', agency: 'fire' },
  { key: 'port', role: 'liaison', agency: 'port' },
  { key: 'customs', role: 'liaison', agency: 'customs' },
  { key: 'medical', role: 'responder', agency: 'medical' },
  { key: 'observer', role: 'observer', agency: null },
] as const;

const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portline-fuzz-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

interface FuzzOptions {
  servers: ServerProcess[];
  rng: Rng;
  ops: number;
  /** Up to this long between two operations. */
  pauseMs: number;
  /** Per-op weight of a server restart (kill -9 or SIGTERM). */
  restartWeight: number;
  /** With Redis: once in a while it is killed and started again on the same port (AOF always). */
  redis?: RedisServerHandle;
}

interface Figures {
  ops: number;
  commands: Record<string, number>;
  restarts: { kill: number; term: number; redis: number; startAgain: number };
  drops: number;
  disconnects: number;
  moves: number;
  events: number;
  setupMs: number;
  runMs: number;
  settleMs: number;
  quietMs: number;
  /** Reconnects the handshake refused with STORE_UNAVAILABLE (Redis away): each tried again by the socket. */
  refused: number;
}

async function fuzz(opts: FuzzOptions): Promise<Figures> {
  const { servers, rng } = opts;
  const tSetup = Date.now();
  const url = (i: number) => servers[i].url;
  const admin = await signIn(url(0));
  const clients: Client[] = [];
  const sent: Sent[] = [];
  const restarting = new Set<number>();
  const background: Promise<void>[] = [];
  const fig: Figures = {
    ops: opts.ops,
    commands: {},
    restarts: { kill: 0, term: 0, redis: 0, startAgain: 0 },
    drops: 0,
    disconnects: 0,
    moves: 0,
    events: 0,
    setupMs: 0,
    runMs: 0,
    settleMs: 0,
    quietMs: 0,
    refused: 0,
  };

  const incidents: string[] = [newId(), newId()];
  const tokens = new Map<string, string>();
  await Promise.all(ACCOUNTS.map(async (a) => tokens.set(a.key, (await createUser(url(0), admin, `fz-${a.key}`, a.role, a.agency)).token)));
  const opener = await connect(url(0), tokens.get('commander') as string);
  expect((await submit(opener, incidents[0], hazmatIncident())).ok).toBe(true);
  expect((await submit(opener, incidents[1], { ...hazmatIncident(['port', 'fire', 'customs', 'medical', 'police']), title: 'Fuzz: reefer fire, berth 7', scenario: 'fire' })).ok).toBe(true);
  opener.close();

  const follow = (c: Client, from?: Map<string, FeedSnapshot>) => {
    for (const id of incidents) {
      const feed = new IncidentFeed(c.socket, id, () => undefined, from?.get(id));
      feed.start();
      c.feeds.set(id, feed);
    }
  };
  /** A socket to server `i`, feeds that carry on from `from` (a reload or a failover keeps what the tab had). */
  const attach = (c: Client, i: number, from?: Map<string, FeedSnapshot>) => {
    c.server = i;
    c.socket = createSocket({ url: url(i), token: c.token, websocketOnly: true });
    const s = c.socket;
    const note = (what: string) => {
      c.history.push(`${((Date.now() - tSetup) / 1000).toFixed(1)}s ${s.id ?? '-'} ${what}`);
      if (c.history.length > 12) c.history.shift();
    };
    note(`new socket to @${i}`);
    s.on('connect', () => note('connect'));
    s.on('disconnect', (reason) => note(`disconnect ${reason}`));
    s.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      note(`connect_error ${err.data?.code ?? err.message}`);
      if (err.data?.code === ErrorCode.STORE_UNAVAILABLE) fig.refused++;
    });
    c.feeds = new Map();
    follow(c, from);
  };
  ACCOUNTS.forEach((a, n) => {
    const c: Client = { key: a.key, token: tokens.get(a.key) as string, server: 0, socket: null as never, feeds: new Map(), inflight: new Set(), away: false, history: [] };
    attach(c, n % servers.length);
    clients.push(c);
  });
  cleanup.push(() => {
    for (const c of clients) {
      for (const f of c.feeds.values()) f.stop();
      c.socket.close();
    }
  });
  await until(() => clients.every((c) => [...c.feeds.values()].every((f) => f.seq >= 1)), 20_000, 'every client joined both incidents');

  const send = (c: Client, incidentId: string, kind: Kind, command: IncidentCommandInput, commandId = newId(), original?: Sent) => {
    const s: Sent = { commandId, incidentId, by: c.key, kind, command, original, done: Promise.resolve() };
    s.done = sendCommand(c.socket, incidentId, command, { commandId, ackTimeoutMs: 3_000, deadlineMs: 45_000 }).then((ack) => {
      s.ack = ack;
    });
    const flight = s.done;
    c.inflight.add(flight);
    void flight.finally(() => c.inflight.delete(flight));
    sent.push(s);
  };

  const stateOf = (c: Client, id: string): IncidentState | null => c.feeds.get(id)?.snapshot.state ?? null;
  const tasksOf = (s: IncidentState) => Object.values(s.tasks);

  const restart = async (i: number, how: 'kill' | 'term') => {
    restarting.add(i);
    fig.restarts[how]++;
    await (how === 'kill' ? servers[i].kill() : servers[i].stop());
    await sleep(100 + Math.floor(rng() * 1400));
    // A process whose store goes away while it starts exits (code 1); its supervisor starts it
    // again. Only then: any other failed start fails the test.
    for (;;) {
      const redisRestarts = fig.restarts.redis;
      try {
        await servers[i].start();
        break;
      } catch (err) {
        if (!redisDown && fig.restarts.redis === redisRestarts) throw err;
        fig.restarts.startAgain++;
        await until(() => !redisDown, 30_000, 'redis-server back');
      }
    }
    restarting.delete(i);
  };

  let redisDown = false;
  const restartRedis = async (r: RedisServerHandle) => {
    redisDown = true;
    fig.restarts.redis++;
    await r.kill();
    await sleep(200 + Math.floor(rng() * 800));
    await r.restart();
    redisDown = false;
  };

  const ops: Array<[number, () => void]> = [
    [
      60,
      () => {
        // What the agencies plausibly do next, decided on one client's (maybe stale) view and
        // mostly sent by the account concerned; otherwise by whoever (FORBIDDEN, or a request).
        const viewer = pick(rng, clients);
        const id = pick(rng, incidents);
        const state = stateOf(viewer, id);
        if (!state) return;
        const next = nextLiveCommand(state, rng, 'en', Date.now());
        const by = rng() < 0.8 ? clients.find((c) => c.key === next.by) : undefined;
        send(by ?? viewer, id, 'live', next.command);
      },
    ],
    [
      5,
      () => {
        const c = clients[0]; // the commander moves the incident itself
        const id = pick(rng, incidents);
        const state = stateOf(c, id);
        if (!state) return;
        const command: IncidentCommandInput =
          rng() < 0.5
            ? { type: 'ChangeSeverity', expectedVersion: state.version, severity: pick(rng, SEVERITIES.filter((s) => s !== state.severity)) }
            : { type: 'ChangePhase', expectedVersion: state.version, phase: pick(rng, (['standby', 'response', 'containment', 'recovery'] as const).filter((p) => p !== state.phase)) };
        send(c, id, 'incident', command);
      },
    ],
    [
      1.5,
      () => {
        // The commander takes customs out of the second incident or adds it back (SPEC AUTH5):
        // its liaison's feed stops at the removal (or where it was, refused, if it was behind)
        // and catches up once customs is back.
        const c = clients[0];
        const state = stateOf(c, incidents[1]);
        if (!state) return;
        const inside = state.agencies.includes('customs');
        // INC4: its active tasks go first (same socket, same incident: decided in this order).
        if (inside)
          for (const t of tasksOf(state).filter((x) => x.agency === 'customs' && isActiveTask(x)))
            send(c, incidents[1], 'incident', { type: 'ChangeTaskStatus', taskId: t.id, expectedVersion: t.version, to: 'cancelled', reason: 'customs stands down' });
        const agencies = inside ? state.agencies.filter((a) => a !== 'customs') : [...state.agencies, 'customs'];
        send(c, incidents[1], 'agencies', { type: 'UpdateIncident', expectedVersion: state.version, agencies });
      },
    ],
    [
      5,
      () => {
        // A version that can never be current: CONFLICT (or a refusal before the version check).
        const c = pick(rng, clients);
        const id = pick(rng, incidents);
        const state = stateOf(c, id);
        const t = state && pick(rng, tasksOf(state));
        if (t) send(c, id, 'stale', { type: 'ChangeTaskStatus', taskId: t.id, expectedVersion: Math.max(1, t.version - 1 - Math.floor(rng() * 3)), to: 'cancelled', reason: 'stale view' });
      },
    ],
    [
      4,
      () => {
        const c = pick(rng, clients);
        const id = pick(rng, incidents);
        const state = stateOf(c, id);
        const open = state ? tasksOf(state).filter((t) => t.status === 'open') : [];
        const r = rng();
        const command: IncidentCommandInput =
          r < 0.34
            ? { type: 'CreateTask', taskId: newId(), title: '   ', agency: 'fire' } // BAD_REQUEST
            : r < 0.67 || open.length === 0
              ? { type: 'ChangeTaskStatus', taskId: newId(), expectedVersion: 1, to: 'acknowledged' } // NOT_FOUND
              : { type: 'ChangeTaskStatus', taskId: open[0].id, expectedVersion: open[0].version, to: 'done' }; // INVALID_TRANSITION or CONFLICT
        send(c, id, 'invalid', command);
      },
    ],
    [
      6,
      () => {
        // An outbox flush after a reload: the same command id again (SPEC IDEM1).
        const done = sent.filter((s) => s.ack?.ok && s.kind !== 'resend');
        if (done.length === 0) return;
        const s = pick(rng, done);
        const c = clients.find((x) => x.key === s.by) as Client;
        send(c, s.incidentId, 'resend', s.command, s.commandId, s);
      },
    ],
    [
      3,
      () => {
        // Someone else's command id: never applied again, never acknowledged as theirs.
        const done = sent.filter((s) => s.ack?.ok && s.kind !== 'resend');
        if (done.length === 0) return;
        const s = pick(rng, done);
        const c = pick(rng, clients.filter((x) => x.key !== s.by));
        send(c, s.incidentId, 'foreign', s.command, s.commandId, s);
      },
    ],
    [
      4,
      () => {
        // The network drops; socket.io reconnects by itself.
        const c = pick(rng, clients);
        if (c.away || !c.socket.connected) return;
        fig.drops++;
        c.socket.io.engine?.close();
      },
    ],
    [
      4,
      () => {
        // Offline for a while (a tunnel, a lift), then back.
        const c = pick(rng, clients);
        if (c.away) return;
        fig.disconnects++;
        c.away = true;
        c.socket.disconnect();
        const socket = c.socket;
        background.push(
          sleep(100 + Math.floor(rng() * 2000)).then(() => {
            if (c.socket === socket) socket.connect();
            c.away = false;
          }),
        );
      },
    ],
    [
      3,
      () => {
        // A reload or a failover: a new socket (to another process when there is one), the feeds
        // carry on from what the tab had; the old socket finishes its commands first.
        const c = pick(rng, clients);
        if (c.away) return;
        fig.moves++;
        const old = { socket: c.socket, feeds: c.feeds, inflight: new Set(c.inflight) };
        const from = new Map([...old.feeds].map(([id, f]) => [id, f.snapshot] as const));
        for (const f of old.feeds.values()) f.stop();
        c.inflight = new Set();
        attach(c, (c.server + 1 + Math.floor(rng() * servers.length)) % servers.length, from);
        background.push(Promise.allSettled(old.inflight).then(() => void old.socket.close()));
      },
    ],
    [
      opts.restartWeight,
      () => {
        const free = servers.map((_, i) => i).filter((i) => !restarting.has(i));
        if (free.length === 0) return;
        background.push(restart(pick(rng, free), rng() < 0.5 ? 'kill' : 'term'));
      },
    ],
    [
      opts.redis ? 0.4 : 0,
      () => {
        if (opts.redis && !redisDown && fig.restarts.redis < 2) background.push(restartRedis(opts.redis));
      },
    ],
  ];

  const total = ops.reduce((s, [w]) => s + w, 0);
  const t0 = Date.now();
  fig.setupMs = t0 - tSetup;
  // Whatever the seed draws, every run kills a process with -9 (and restarts redis-server, on
  // Redis) by its second half: the titles cite DUR1/DUR2. With one process, a SIGTERM restart
  // may hold it through the whole second half (seen in CI, seed 177362297): the run then goes
  // on, commands and all, until the kill has happened (at most three times its length).
  for (let n = 0; n < opts.ops || (fig.restarts.kill === 0 && n < opts.ops * 3); n++, fig.ops = n) {
    if (n >= opts.ops / 2 && fig.restarts.kill === 0) {
      const free = servers.map((_, i) => i).filter((i) => !restarting.has(i));
      if (free.length > 0) background.push(restart(pick(rng, free), 'kill'));
    }
    if (n >= opts.ops / 2 && opts.redis && fig.restarts.redis === 0 && !redisDown) background.push(restartRedis(opts.redis));
    let r = rng() * total;
    for (const [w, op] of ops) {
      r -= w;
      if (r < 0) {
        op();
        break;
      }
    }
    await sleep(Math.floor(rng() * opts.pauseMs));
  }
  fig.runMs = Date.now() - t0;

  // Settle: servers up, everyone back online, every command answered.
  const t1 = Date.now();
  for (let settled = 0; settled < background.length; ) {
    const batch = background.slice(settled);
    settled = background.length;
    await Promise.all(batch);
  }
  await Promise.all(sent.map((s) => s.done));
  fig.settleMs = Date.now() - t1;

  // Quiet: every feed (and every process's hub) at the head of the log.
  const t2 = Date.now();
  const logs = new Map<string, IncidentEvent[]>();
  for (const id of incidents) logs.set(id, await readLog(url(0), admin, id));
  const head = (id: string) => (logs.get(id) as IncidentEvent[]).length;
  /** The seq of the event that took the client's agency out of the incident for good, or 0 (SPEC AUTH5). */
  const removedAt = (c: Client, id: string): number => {
    const account = ACCOUNTS.find((a) => a.key === c.key);
    if (!account || (account.role !== 'liaison' && account.role !== 'responder')) return 0;
    let inside = true;
    let at = 0;
    for (const e of logs.get(id) as IncidentEvent[]) {
      if (e.type !== 'IncidentUpdated' || !e.payload.agencies) continue;
      if (inside && !e.payload.agencies.to.includes(account.agency as string)) at = e.seq;
      inside = e.payload.agencies.to.includes(account.agency as string);
    }
    return inside ? 0 : at;
  };
  /**
   * Where a client's feed must end: the head, or the event that took its agency out. A feed
   * still behind when that happened has its catch-up refused (FORBIDDEN, AUTH5: no reads
   * until the agency is added back) and stays where it was, saying so.
   */
  const endOf = (c: Client, f: IncidentFeed): number => {
    const out = removedAt(c, f.incidentId);
    if (out === 0) return head(f.incidentId);
    return f.seq < out && f.snapshot.error?.code === ErrorCode.FORBIDDEN ? f.seq : out;
  };
  const lagging = () =>
    clients.flatMap((c) =>
      [...c.feeds.values()]
        .filter((f) => f.seq !== endOf(c, f))
        .map((f) => `${c.key}@${c.server} ${f.incidentId.slice(0, 8)}: ${f.seq}/${endOf(c, f)}${f.snapshot.error ? ` ${f.snapshot.error.code}` : ''}`),
    );
  try {
    await until(() => lagging().length === 0, 30_000, 'every client at the head');
  } catch (err) {
    // What each lagging feed waits for, and how its socket got there.
    const why = clients
      .filter((c) => [...c.feeds.values()].some((f) => f.seq !== endOf(c, f)))
      .map((c) => `${c.key}@${c.server}: ${[...c.feeds.values()].map((f) => `${f.incidentId.slice(0, 8)} ${f.diagnostics()}`).join('; ')}\n    ${c.history.join('\n    ')}`);
    const cuts = servers.map((s) => s.output()).join('\n').match(/slow client disconnected/g)?.length ?? 0;
    console.log(`lagging (slow-client cuts: ${cuts}):\n  ${why.join('\n  ')}`);
    throw new Error(`${(err as Error).message}: ${lagging().join('; ')}`);
  }
  fig.quietMs = Date.now() - t2;

  for (const id of incidents) {
    const events = logs.get(id) as IncidentEvent[];
    fig.events += events.length;
    const mine = sent.filter((s) => s.incidentId === id);
    const okIds = mine.filter((s) => s.ack?.ok).map((s) => s.commandId);

    // SEQ1 + IDEM1: seqs 1..n, no command id twice, every acknowledged command there.
    expect(logIntegrity(events, okIds), `log of ${id}`).toEqual({ gaps: 0, duplicates: 0, missing: [] });
    expect(() => replay(events)).not.toThrow();
    const seqsOf = new Map<string, number[]>();
    for (const e of events) seqsOf.set(e.commandId, [...(seqsOf.get(e.commandId) ?? []), e.seq]);

    for (const s of mine) {
      const ack = s.ack as Ack<CommandResult>;
      const label = `${s.kind} ${s.command.type} by ${s.by} (${s.commandId})`;
      if (ack.ok) {
        // CMD1: the ack's seqs are the command's events.
        expect(seqsOf.get(s.commandId), label).toEqual(ack.seqs);
        if (s.kind === 'resend') expect({ duplicate: ack.duplicate, seqs: ack.seqs }, label).toEqual({ duplicate: true, seqs: (s.original?.ack as { seqs: number[] }).seqs });
      } else if (ack.error.code !== ErrorCode.TIMEOUT && s.kind !== 'foreign') {
        // CMD2: a refused command appends nothing.
        expect(seqsOf.has(s.commandId), `${label} refused ${ack.error.code} but in the log`).toBe(false);
      }
      if (s.kind === 'resend') expect(ack.ok || ack.error.code === ErrorCode.TIMEOUT, `${label}: ${JSON.stringify(ack)}`).toBe(true);
      if (s.kind === 'stale' || s.kind === 'invalid') expect(ack.ok, label).toBe(false);
      if (s.kind === 'foreign' && !ack.ok) expect([ErrorCode.FORBIDDEN, ErrorCode.ALREADY_EXISTS, ErrorCode.TIMEOUT], label).toContain(ack.error.code);
      if (s.kind === 'foreign') expect(ack.ok, `${label} acknowledged to another account`).toBe(false);
      const outcome = `${s.kind}:${ack.ok ? (ack.duplicate ? 'duplicate' : 'ok') : ack.error.code}`;
      fig.commands[outcome] = (fig.commands[outcome] ?? 0) + 1;
    }

    // SYNC1/SYNC2/STATE1: every client's state is the server's, event for event.
    const truth = replay(events);
    for (const c of clients) {
      const feed = c.feeds.get(id) as IncidentFeed;
      const snap = feed.snapshot;
      const upTo = events.slice(0, endOf(c, feed));
      expect(snap.events.map((e) => e.id), `${c.key}'s events of ${id}`).toEqual(upTo.map((e) => e.id));
      expect(snap.state, `${c.key}'s state of ${id}`).toEqual(upTo.length === events.length ? truth : replay(upTo));
    }
    // And every process's in-memory hub agrees with the log (what it decides against).
    for (const srv of servers) {
      const r = await api<{ incident: unknown }>(srv.url, 'GET', `/api/incidents/${id}`, admin);
      expect(r.json.incident, `${srv.serverId}'s hub of ${id}`).toEqual(summarize(truth));
    }
  }

  // A fresh tab on the last process joins from zero and lands on the same state.
  const fresh = await connect(url(servers.length - 1), tokens.get('observer') as string);
  const feed = new IncidentFeed(fresh, incidents[0], () => undefined);
  feed.start();
  await until(() => feed.seq === head(incidents[0]), 15_000, 'a fresh client caught up');
  expect(feed.snapshot.state).toEqual(replay(logs.get(incidents[0]) as IncidentEvent[]));
  feed.stop();
  fresh.close();

  // OPS2: nothing but transient store errors went unhandled.
  const unhandled = servers.map((s) => s.output()).join('\n').match(/unhandled \w+; still serving.*/g);
  expect(unhandled, 'no unhandled errors in the server logs').toBeNull();
  return fig;
}

function report(label: string, fig: Figures): void {
  const commands = Object.entries(fig.commands)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(
    `${label} (seed ${SEED}): set up in ${fig.setupMs} ms; ${fig.ops} ops in ${fig.runMs} ms; restarts kill -9 ${fig.restarts.kill}, SIGTERM ${fig.restarts.term}, redis-server ${fig.restarts.redis}, started again after Redis went away during start-up ${fig.restarts.startAgain}; ` +
      `client drops ${fig.drops}, offline ${fig.disconnects}, reloads/moves ${fig.moves}, reconnects refused STORE_UNAVAILABLE ${fig.refused}; settled in ${fig.settleMs} ms, quiet after ${fig.quietMs} ms; ` +
      `${fig.events} events; commands: ${commands}`,
  );
}

let redis: RedisServerHandle;
let onRedis: ServerProcess[];
let embedded: ServerProcess;

beforeAll(async () => {
  // Everything starts at once: a process boots in seconds on a busy 2-core machine.
  const dirs = await Promise.all([tempDir(), tempDir(), tempDir()]);
  const started = Promise.all([
    startRedisServer({ appendonly: true }).then(async (r) => {
      redis = r;
      cleanup.push(() => r.stop());
      return Promise.all([0, 1].map((i) => startServerProcess({ redisUrl: r.url, dataDir: dirs[i], serverId: `fz${i}` })));
    }),
    startServerProcess({ dataDir: dirs[2], serverId: 'fzsql' }),
  ]);
  // Stopped after the test, also when the other start failed.
  cleanup.push(async () => {
    const [two, one] = await started.catch(() => [[], undefined] as const);
    await Promise.all([...two, one].map((s) => s?.stop()));
  });
  [onRedis, embedded] = await started;
});

describe('sync fuzz: random commands, client drops and server restarts', () => {
  it('SEQ1/IDEM1/SYNC1/SYNC2/BUS1/DUR2: two processes on Redis — every client ends with the server state, the log has no gap and no duplicate command id, acknowledged commands are in it once, refused ones not at all', async () => {
    const fig = await fuzz({ servers: onRedis, redis, rng: mulberry32(SEED), ops: 260, pauseMs: 60, restartWeight: 2.5 });
    report('sync fuzz, Redis, 2 processes', fig);
    expect([fig.restarts.kill, fig.restarts.redis].every((n) => n > 0)).toBe(true);
  }, 90_000);

  it('SEQ1/IDEM1/SYNC1/SYNC2/DUR1/DUR2: one process on SQLite with restarts — the same end state and log guarantees', async () => {
    const fig = await fuzz({ servers: [embedded], rng: mulberry32(SEED ^ 0x5a5a5a5a), ops: 120, pauseMs: 60, restartWeight: 2.5 });
    report('sync fuzz, SQLite, 1 process', fig);
    expect(fig.restarts.kill).toBeGreaterThan(0);
  }, 60_000);
});

describe('found by fuzzing: an agency taken out of an incident', () => {
  it('AUTH5/SYNC1: its liaison gets no event after the one that took it out, not even from the same batch; added back, its feed catches up by itself', async () => {
    const url = embedded.url;
    const admin = await signIn(url);
    const { token } = await createUser(url, admin, 'fz-removed-customs', 'liaison', 'customs');
    const [cmd, liaison] = await Promise.all([connect(url, admin), connect(url, token)]);
    cleanup.push(() => void [cmd, liaison].forEach((s) => s.close()));
    const id = newId();
    expect((await submit(cmd, id, hazmatIncident(['fire', 'customs']))).ok).toBe(true);
    const pushed: number[] = [];
    liaison.on('incident:events', (m) => pushed.push(...m.events.map((e) => e.seq)));
    const feed = new IncidentFeed(liaison, id, () => undefined);
    feed.start();
    cleanup.push(() => feed.stop());
    await until(() => feed.seq === 1, 10_000, 'the liaison joined');

    // Sent together so the committer appends them in one batch (group commit) as often as not.
    const message = (text: string) => submit(cmd, id, { type: 'PostMessage', messageId: newId(), text });
    const [out, during] = await Promise.all([submit(cmd, id, { type: 'UpdateIncident', expectedVersion: 1, agencies: ['fire'] }), message('customs is out')]);
    expect(out.ok && during.ok).toBe(true);
    const removedAt = out.ok ? out.seqs[0] : 0;
    expect((await message('still out')).ok).toBe(true);
    await until(() => feed.seq >= removedAt, 10_000, 'the removal reached the liaison');
    await sleep(1_500); // a list hint and any stray live event would have come by now
    expect(pushed.filter((s) => s > removedAt), 'events pushed after the removal').toEqual([]);
    expect(feed.seq).toBe(removedAt);

    const back = await submit(cmd, id, { type: 'UpdateIncident', expectedVersion: removedAt, agencies: ['fire', 'customs'] });
    expect(back.ok).toBe(true);
    expect((await message('customs is back')).ok).toBe(true);
    const events = await readLog(url, admin, id);
    const ms = await until(() => feed.seq === events.length, 10_000, 'the feed caught up after the agency came back');
    expect(feed.snapshot.state).toEqual(replay(events));
    console.log(`AUTH5: removal at seq ${removedAt}, next message at ${during.ok ? during.seqs[0] : '—'}; the feed caught up ${ms} ms after the agency came back`);
  }, 30_000);
});
