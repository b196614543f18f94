import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { COMMAND_TYPES } from '../lib/domain/incident/commands';
import type { IncidentEvent } from '../lib/domain/incident/events';
import type { Ack } from '../lib/protocol/ack';
import type { CommandResult } from '../lib/protocol/socket';
import type { ReviewEntryType } from '../lib/protocol/review';
import type { AppendResult, EventStore, ReviewAppendResult, Store } from './store/types';
import type { WriteHealth } from './http/readiness';
import { StoreUnavailableError } from './store/types';

/**
 * Prometheus metrics of one server process (SPEC OPS1), served at GET /metrics.
 * Every series carries `server` (SERVER_ID), so one Prometheus tells the
 * processes apart. The command path reports through the small methods below;
 * the store is measured by wrapping it (instrumentStore), not from inside.
 * docs/operations.md lists the series.
 */
export interface Metrics {
  readonly registry: Registry;
  /** One answered command: its type (or 'unknown'), 'applied' | 'duplicate' | error code, seconds to the ack. */
  command(payload: unknown, ack: Ack<CommandResult>, seconds: number): void;
  /** A typed error answered to anyone (socket reads, HTTP, handshake). Commands count themselves. */
  error(code: string, source: ErrorSource): void;
  /** One store append or appendBatch of `commands` commands (see instrumentStore). */
  append(store: Store['kind'], result: AppendResult['status'] | 'unavailable' | 'error', seconds: number, commands: number): void;
  /** One review-log append (SPEC REV3): entry type and the store's answer. */
  reviewAppend(type: ReviewEntryType, result: ReviewAppendResult['status']): void;
  /** Events this process is about to emit to its sockets. */
  fanOut(events: readonly IncidentEvent[]): void;
  /** A socket disconnected because its outbound buffer passed SOCKET_MAX_BUFFERED_BYTES (SPEC BUS2). */
  slowClient(): void;
  /** A rejection or exception nobody handled (server/process-guard.ts). */
  unhandled(event: 'rejection' | 'exception', transient: boolean): void;
  /** Where the connected-clients gauge reads from (the Socket.IO server, once it exists). */
  countClientsWith(count: () => Record<ClientKind, number>): void;
  /** Where the incidents-held gauge reads from (the registry and the checkpoint cache). */
  countIncidentsWith(count: () => Record<HeldKind, number>): void;
  /** Where the kept-pages gauge reads from (server/http/event-pages.ts). */
  countReplayPagesWith(bytes: () => number): void;
}

export type ErrorSource = 'command' | 'read' | 'http' | 'handshake';
export type ClientKind = 'account' | 'display';
/** What a process holds of an incident in memory: its hub ('live') or its replay checkpoints ('replay'). */
export type HeldKind = 'live' | 'replay';

const KNOWN_TYPES: ReadonlySet<string> = new Set(COMMAND_TYPES);
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The type label of a command payload: only known types, so no input can add label values. */
export function commandTypeLabel(payload: unknown): string {
  const type = (payload as { command?: { type?: unknown } } | null)?.command?.type;
  return typeof type === 'string' && KNOWN_TYPES.has(type) ? type : 'unknown';
}

export function createMetrics(serverId: string, opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ server: serverId });
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  /** A gauge by `kind`, read when scraped from whatever `read` is set to later (`countClientsWith`, …). */
  const countsByKind = <K extends string>(name: string, help: string, zero: Record<K, number>) => {
    const source = { read: () => zero };
    new Gauge({
      name,
      help,
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        const counts = source.read();
        for (const kind of Object.keys(counts) as K[]) this.set({ kind }, counts[kind]);
      },
    });
    return source;
  };
  const clients = countsByKind<ClientKind>(
    'portline_connected_clients',
    'Socket.IO clients connected to this process, by kind (account or wall-screen display).',
    { account: 0, display: 0 },
  );
  const incidentsHeld = countsByKind<HeldKind>(
    'portline_incidents_held',
    "Incidents this process holds in memory: 'live' (a hub: the state, kept current) and 'replay' (checkpoints, SPEC REV1).",
    { live: 0, replay: 0 },
  );
  const replayPages = { read: () => 0 };
  new Gauge({
    name: 'portline_replay_pages_bytes',
    help: 'Bytes of full pages of the log and of checkpoint states this process keeps ready to send for replays (REPLAY_CACHE_MB).',
    registers: [registry],
    collect() {
      this.set(replayPages.read());
    },
  });
  const commands = new Counter({
    name: 'portline_commands_total',
    help: "Commands answered, by type and outcome ('applied', 'duplicate' or the error code).",
    labelNames: ['type', 'outcome'],
    registers: [registry],
  });
  const commandSeconds = new Histogram({
    name: 'portline_command_duration_seconds',
    help: 'Time from receiving command:submit to sending its ack.',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'portline_errors_total',
    help: 'Typed errors answered, by code and where (command, read, http, handshake).',
    labelNames: ['code', 'source'],
    registers: [registry],
  });
  const appendSeconds = new Histogram({
    name: 'portline_store_append_seconds',
    help: 'Store append/appendBatch latency (one atomic write, durable when it resolves), by result.',
    labelNames: ['store', 'result'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const appendCommands = new Histogram({
    name: 'portline_store_append_commands',
    help: 'Commands per atomic append (group commit).',
    labelNames: ['store'],
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  const fanOutSeconds = new Histogram({
    name: 'portline_fanout_seconds',
    help: "Time from an append's ack ('local') or the event's store timestamp ('bus') to its emit to this process's sockets that follow the incident (batches nobody here follows are not emitted).",
    labelNames: ['source'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const slowClients = new Counter({
    name: 'portline_slow_clients_total',
    help: 'Sockets disconnected because more than SOCKET_MAX_BUFFERED_BYTES waited to be sent to them.',
    registers: [registry],
  });
  const reviewAppends = new Counter({
    name: 'portline_review_appends_total',
    help: "Review-log appends (findings and their corrections, improvement items, status changes), by entry type and result ('appended', 'duplicate', 'stale', 'full').",
    labelNames: ['type', 'result'],
    registers: [registry],
  });
  const unhandled = new Counter({
    name: 'portline_unhandled_errors_total',
    help: 'Rejections and exceptions nobody handled; the process logged them and kept serving.',
    labelNames: ['event', 'transient'],
    registers: [registry],
  });

  return {
    registry,
    command(payload, ack, seconds) {
      const outcome = ack.ok ? (ack.duplicate ? 'duplicate' : 'applied') : ack.error.code;
      commands.inc({ type: commandTypeLabel(payload), outcome });
      commandSeconds.observe(seconds);
      if (!ack.ok) errors.inc({ code: ack.error.code, source: 'command' });
    },
    error(code, source) {
      errors.inc({ code, source });
    },
    fanOut(events) {
      if (events.length === 0) return;
      const first = events[0];
      const acked = ackedAt.get(first);
      if (acked !== undefined) fanOutSeconds.observe({ source: 'local' }, (performance.now() - acked) / 1000);
      else fanOutSeconds.observe({ source: 'bus' }, Math.max(0, Date.now() - first.ts) / 1000);
    },
    reviewAppend(type, result) {
      reviewAppends.inc({ type, result });
    },
    slowClient() {
      slowClients.inc();
    },
    unhandled(event, transient) {
      unhandled.inc({ event, transient: String(transient) });
    },
    countClientsWith(count) {
      clients.read = count;
    },
    countIncidentsWith(count) {
      incidentsHeld.read = count;
    },
    countReplayPagesWith(bytes) {
      replayPages.read = bytes;
    },
    append(store, result, seconds, n) {
      appendSeconds.observe({ store, result }, seconds);
      appendCommands.observe({ store }, n);
    },
  };
}

/** When this process's own append of an event resolved (performance.now()); weak, so nothing leaks. */
const ackedAt = new WeakMap<IncidentEvent, number>();

/**
 * The same store, with append and appendBatch timed. The events of an append
 * are remembered with the time it resolved, so the fan-out can tell how long
 * they took to reach the sockets.
 */
export function instrumentStore(store: Store, metrics: Metrics, writes?: Pick<WriteHealth, 'refused' | 'written'>): Store {
  const timed = async (n: number, run: () => Promise<AppendResult>): Promise<AppendResult> => {
    const t0 = performance.now();
    try {
      const res = await run();
      const now = performance.now();
      metrics.append(store.kind, res.status, (now - t0) / 1000, n);
      if (res.status === 'appended') {
        for (const ev of res.events) ackedAt.set(ev, now);
        writes?.written();
      }
      return res;
    } catch (err) {
      const unavailable = err instanceof StoreUnavailableError;
      metrics.append(store.kind, unavailable ? 'unavailable' : 'error', (performance.now() - t0) / 1000, n);
      if (unavailable) writes?.refused(err);
      throw err;
    }
  };
  const events: EventStore = {
    ...store.events,
    append: (incidentId, expectedSeq, commandId, batch) =>
      timed(1, () => store.events.append(incidentId, expectedSeq, commandId, batch)),
    appendBatch: (incidentId, expectedSeq, commands) =>
      timed(commands.length, () => store.events.appendBatch(incidentId, expectedSeq, commands)),
  };
  return { ...store, events };
}

/**
 * GET /metrics in the Prometheus text format. With METRICS_TOKEN set, only
 * `Authorization: Bearer <METRICS_TOKEN>` gets it (compared in constant time).
 */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, metrics: Metrics, token: string | undefined): Promise<void> {
  if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
    metrics.error('UNAUTHENTICATED', 'http');
    res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer', 'cache-control': 'no-store' });
    res.end('METRICS_TOKEN required\n');
    return;
  }
  const body = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
  res.end(body);
}

/** `Authorization: Bearer <token>`, compared in constant time (/metrics, and /readyz's full detail). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(header.slice(7).trim()), digest(token));
}
