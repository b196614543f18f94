import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/client/new-id';
import type { PortlineSocket } from '../lib/client/socket';
import type { ReadyReport } from '../lib/protocol/http';
import { commandTypeLabel } from './metrics';
import { connect, hazmatIncident, signIn, submit } from './testing/client';
import { parseExposition, scrape, total } from './testing/prometheus';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/** One real server process (embedded store) with METRICS_TOKEN set and debug logs. */
const TOKEN = 'metrics-token-for-tests-0123456789';
let srv: ServerProcess;
let admin: string;
const sockets: PortlineSocket[] = [];

beforeAll(async () => {
  srv = await startServerProcess({ serverId: 'metrics-a', env: { METRICS_TOKEN: TOKEN, LOG_LEVEL: 'debug' } });
  admin = await signIn(srv.url);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv?.stop();
});

describe('GET /metrics', () => {
  it('OPS1: commands move the counters by type and outcome; append, fan-out, clients and errors are exposed in a valid exposition', async () => {
    const a = await connect(srv.url, admin);
    const b = await connect(srv.url, admin);
    sockets.push(a, b);
    const id = newId();
    expect((await submit(a, id, hazmatIncident())).ok).toBe(true);
    await b.timeout(5000).emitWithAck('incident:join', { incidentId: id, sinceSeq: 0 });
    const dupId = newId();
    const message = { type: 'PostMessage' as const, messageId: newId(), text: 'Wind NE 4 m/s' };
    expect((await submit(a, id, message, dupId)).ok).toBe(true);
    expect(await submit(a, id, message, dupId)).toMatchObject({ ok: true, duplicate: true });
    for (let i = 0; i < 5; i++) expect((await submit(a, id, { type: 'PostMessage', messageId: newId(), text: `update ${i}` })).ok).toBe(true);
    const conflict = await submit(a, id, { type: 'ChangeSeverity', expectedVersion: 99, severity: 'II' });
    expect(!conflict.ok && conflict.error.code).toBe('CONFLICT');
    const unknown = await submit(a, id, { type: 'LaunchRocket' } as never);
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_COMMAND');
    expect((await fetch(`${srv.url}/api/nowhere`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(404);

    const res = await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const samples = parseExposition(text); // throws on any malformed line
    console.log(`OPS1: /metrics has ${samples.length} samples, ${text.length} bytes`);
    expect(samples.every((s) => s.labels.server === 'metrics-a')).toBe(true);

    const cmd = (type: string, outcome: string) => total(samples, 'portline_commands_total', { type, outcome });
    expect(cmd('OpenIncident', 'applied')).toBe(1);
    expect(cmd('PostMessage', 'applied')).toBe(6);
    expect(cmd('PostMessage', 'duplicate')).toBe(1);
    expect(cmd('ChangeSeverity', 'CONFLICT')).toBe(1);
    expect(cmd('unknown', 'UNKNOWN_COMMAND')).toBe(1);
    expect(total(samples, 'portline_command_duration_seconds_count')).toBe(10);
    expect(total(samples, 'portline_errors_total', { code: 'CONFLICT', source: 'command' })).toBe(1);
    expect(total(samples, 'portline_errors_total', { code: 'NOT_FOUND', source: 'http' })).toBe(1);

    const appends = total(samples, 'portline_store_append_seconds_count', { store: 'sqlite', result: 'appended' });
    expect(appends).toBeGreaterThanOrEqual(1);
    expect(appends).toBeLessThanOrEqual(7);
    const appendP = total(samples, 'portline_store_append_seconds_sum') / total(samples, 'portline_store_append_seconds_count');
    console.log(`OPS1: ${appends} appends, mean ${(appendP * 1000).toFixed(2)} ms`);
    expect(total(samples, 'portline_store_append_commands_sum', { store: 'sqlite' })).toBe(7);
    // SQLite delivers through its in-process bus, so every batch counts as 'bus'. The opening
    // batch went out before anyone followed the incident, so it was not fanned out (or encoded).
    expect(total(samples, 'portline_fanout_seconds_count')).toBeGreaterThanOrEqual(appends - 1);
    expect(total(samples, 'portline_connected_clients', { kind: 'account' })).toBe(2);
    expect(total(samples, 'portline_connected_clients', { kind: 'display' })).toBe(0);
    expect(total(samples, 'portline_unhandled_errors_total')).toBe(0);
    // prom-client's default process metrics.
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);

    // Counters only move forwards.
    expect((await submit(a, id, { type: 'PostMessage', messageId: newId(), text: 'one more' })).ok).toBe(true);
    expect(total(await scrape(srv.url, TOKEN), 'portline_commands_total', { type: 'PostMessage', outcome: 'applied' })).toBe(7);
    b.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(total(await scrape(srv.url, TOKEN), 'portline_connected_clients', { kind: 'account' })).toBe(1);
  });

  it('OPS1: with METRICS_TOKEN, /metrics needs that bearer token; a session token is not enough', async () => {
    expect((await fetch(`${srv.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(401);
    expect((await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('OPS1: /readyz answers a typed report', async () => {
    const res = await fetch(`${srv.url}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ReadyReport;
    expect(body).toEqual({ ok: true, server: 'metrics-a', store: 'sqlite', checks: { reachable: true, subscribed: true, writable: true }, detail: expect.any(String) });
  });

  it('OPS1: logs are JSON lines carrying the request id (sent or made up, echoed in X-Request-Id) and the command id', async () => {
    const sent = await fetch(`${srv.url}/api/me`, { headers: { authorization: `Bearer ${admin}`, 'x-request-id': 'nginx-req-42' } });
    expect(sent.headers.get('x-request-id')).toBe('nginx-req-42');
    const made = await fetch(`${srv.url}/api/me`, { headers: { authorization: `Bearer ${admin}`, 'x-request-id': 'bad id with spaces' } });
    const madeId = made.headers.get('x-request-id') ?? '';
    expect(madeId).toMatch(/^[0-9a-f-]{36}$/);

    const a = await connect(srv.url, admin);
    sockets.push(a);
    const id = newId();
    const commandId = newId();
    expect((await submit(a, id, hazmatIncident(), commandId)).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200));

    const lines = srv
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const request = lines.find((l) => l.reqId === 'nginx-req-42');
    expect(request).toMatchObject({ msg: 'api request', method: 'GET', path: '/api/me', status: 200, server: 'metrics-a' });
    expect(lines.some((l) => l.reqId === madeId)).toBe(true);
    expect(lines.find((l) => l.commandId === commandId)).toMatchObject({ msg: 'command applied', incidentId: id, type: 'OpenIncident', seqs: [1] });
  });
});

describe('metrics labels', () => {
  it('OPS1: a command type label is one of the known types or "unknown", whatever the input', () => {
    expect(commandTypeLabel({ command: { type: 'PostMessage' } })).toBe('PostMessage');
    expect(commandTypeLabel({ command: { type: 'x'.repeat(10_000) } })).toBe('unknown');
    expect(commandTypeLabel({ command: { type: '__proto__' } })).toBe('unknown');
    expect(commandTypeLabel(null)).toBe('unknown');
    expect(commandTypeLabel('PostMessage')).toBe('unknown');
  });
});

describe('GET /metrics when collecting fails', () => {
  it('OPS1, OPS2: a collector that throws: the scrape is answered 500 with a typed INTERNAL error and logged, not left hanging; the process serves on', async () => {
    // The seam: a preload (NODE_OPTIONS --import) makes prom-client's Registry#metrics reject in
    // the server process, as a collector that throws does.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'portline-metrics-fail-'));
    const preload = path.join(dir, 'fail-metrics.mjs');
    await writeFile(
      preload,
      [
        "import { createRequire } from 'node:module';",
        `const require = createRequire(${JSON.stringify(path.join(process.cwd(), 'package.json'))});`,
        "const { Registry } = require('prom-client');",
        "Registry.prototype.metrics = async function () { throw new Error('forced collector failure'); };",
      ].join('\n'),
    );
    const failing = await startServerProcess({ serverId: 'metrics-fail', env: { NODE_OPTIONS: `--import ${pathToFileURL(preload).href}` } });
    try {
      const res = await fetch(`${failing.url}/metrics`, { signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String) } });
      expect((await fetch(`${failing.url}/healthz`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      const logged = failing
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg?: string; level?: unknown; err?: { message?: string } });
      expect(logged.find((l) => l.msg === 'metrics scrape failed')?.err?.message).toBe('forced collector failure');
    } finally {
      await failing.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
