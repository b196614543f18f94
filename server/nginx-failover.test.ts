import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../lib/domain/incident/evolve';
import { IncidentFeed } from '../lib/client/incident-feed';
import { newId } from '../lib/client/new-id';
import { createSocket, type PortlineSocket } from '../lib/client/socket';
import { hazmatIncident, logIntegrity, messageBurst, readLog, request, signIn, submit, until, type Sent } from './testing/client';
import { startNginx, type NginxHandle } from './testing/nginx';
import { scrape, total } from './testing/prometheus';
import { startRedisServer, type RedisServerHandle } from './testing/redis-server';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * Three real server processes on one real redis-server (AOF always), behind a
 * real nginx running deploy/nginx/portline.conf. Twelve clients connect through
 * nginx exactly as the browser does (lib/client/socket.ts: websocket only), so
 * least_conn spreads them. One process is SIGKILLed in the middle of a burst.
 */
const CLIENTS = 12;
const PER_CLIENT = 30;

let redis: RedisServerHandle;
let procs: ServerProcess[] = [];
let nginx: NginxHandle;
let admin: string;
const sockets: PortlineSocket[] = [];
const feeds: IncidentFeed[] = [];

interface Tracked {
  socket: PortlineSocket;
  feed: IncidentFeed;
  /** serverId of each `server:hello`, in order. */
  servers: string[];
  lostAt: number | null;
  /** ms from losing the connection to the next `server:hello`. */
  reconnectMs: number | null;
}

function client(incidentId: string): Tracked {
  const socket = createSocket({ url: nginx.url, token: admin });
  sockets.push(socket);
  const t: Tracked = { socket, feed: new IncidentFeed(socket, incidentId, () => undefined), servers: [], lostAt: null, reconnectMs: null };
  socket.on('server:hello', ({ serverId }) => {
    t.servers.push(serverId);
    if (t.lostAt !== null && t.reconnectMs === null) t.reconnectMs = Date.now() - t.lostAt;
  });
  socket.on('disconnect', () => void (t.lostAt ??= Date.now()));
  t.feed.start();
  feeds.push(t.feed);
  return t;
}

beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true });
  procs = await Promise.all(['n1', 'n2', 'n3'].map((serverId) => startServerProcess({ redisUrl: redis.url, serverId, env: { TRUST_PROXY: '1' } })));
  nginx = await startNginx({ upstreams: procs.map((p) => p.url) });
  admin = await signIn(nginx.url);
}, 60_000);
afterAll(async () => {
  for (const f of feeds) f.stop();
  for (const s of sockets) s.close();
  await nginx?.stop();
  await Promise.all(procs.map((p) => p.stop()));
  await redis?.stop();
});

describe('three processes behind nginx (deploy/nginx/portline.conf)', () => {
  it('OPS1: nginx passes X-Request-Id through (or makes one) and the API sends it back once', async () => {
    const own = await fetch(`${nginx.url}/api/me`, { headers: { 'x-request-id': 'quay-7-req-1' } });
    expect(own.headers.get('x-request-id')).toBe('quay-7-req-1');
    const made = await fetch(`${nginx.url}/api/me`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect((await fetch(`${nginx.url}/metrics`)).status).toBe(404);
  });

  it('OPS3/REV5: an incident log of several MB reaches the import route through nginx; other API bodies stay limited to 1 MB', async () => {
    // Not a Portline log: the route's own typed answer, not nginx's 413.
    const big = await request(nginx.url, 'POST', '/api/incidents/import', { token: admin, body: { jsonl: 'x'.repeat(3 * 1024 * 1024) } });
    expect([big.status, big.json.error?.code]).toEqual([400, 'BAD_REQUEST']);
    const other = await fetch(`${nginx.url}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(other.status).toBe(413);
  });

  it('OPS3/DUR2/BUS1/SYNC1: kill -9 of one process mid-burst; its clients reconnect through nginx to the others and catch up; every acknowledged command is in the log once; every client ends with the server state', async () => {
    const opener = createSocket({ url: nginx.url, token: admin });
    sockets.push(opener);
    await until(() => opener.connected, 10_000, 'opener connected');
    const id = newId();
    expect((await submit(opener, id, hazmatIncident())).ok).toBe(true);
    opener.close();

    const clients = Array.from({ length: CLIENTS }, () => client(id));
    await until(() => clients.every((c) => c.servers.length === 1 && c.feed.seq === 1), 15_000, 'all clients connected and joined');

    // Clients must really be spread: ask each process how many it holds.
    const perProcess = await Promise.all(procs.map(async (p) => total(await scrape(p.url), 'portline_connected_clients', { kind: 'account' })));
    const byHello = procs.map((p) => clients.filter((c) => c.servers[0] === p.serverId).length);
    expect(perProcess).toEqual(byHello);
    expect(perProcess.every((n) => n >= 1), `clients per process ${perProcess.join('/')}`).toBe(true);

    // The victim: the process with the most clients (any would do).
    const victimIndex = perProcess.indexOf(Math.max(...perProcess));
    const victim = procs[victimIndex];
    const victimClients = clients.filter((c) => c.servers[0] === victim.serverId);

    let acked = 0;
    const bursts = clients.map((c, i) =>
      messageBurst(c.socket, id, PER_CLIENT, { label: `client ${i}`, pauseMs: 30, onAck: (s) => void (s.ack.ok && acked++) }),
    );
    const third = Math.floor((CLIENTS * PER_CLIENT) / 3);
    await until(() => acked >= third, 30_000, `${third} acks before the kill`);
    const ackedBeforeKill = acked;
    await victim.kill();
    const killedAt = Date.now();

    await until(() => victimClients.every((c) => c.reconnectMs !== null), 20_000, "the victim's clients reconnected");
    const sent: Sent[] = (await Promise.all(bursts)).flat();
    const burstDoneMs = Date.now() - killedAt;

    expect(sent.filter((s) => !s.ack.ok).map((s) => !s.ack.ok && s.ack.error), 'every command acknowledged in the end').toEqual([]);
    for (const c of victimClients) expect(c.servers.at(-1)).not.toBe(victim.serverId);
    // Nobody else lost the connection.
    for (const c of clients.filter((x) => !victimClients.includes(x))) expect(c.servers).toHaveLength(1);

    const events = await readLog(nginx.url, admin, id);
    expect(logIntegrity(events, sent.map((s) => s.commandId))).toEqual({ gaps: 0, duplicates: 0, missing: [] });
    expect(events).toHaveLength(1 + CLIENTS * PER_CLIENT);
    const caughtUpMs = await until(() => clients.every((c) => c.feed.seq === events.length), 15_000, 'every client at the head');
    const state = replay(events);
    for (const c of clients) {
      expect(c.feed.snapshot.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
      expect(c.feed.snapshot.state).toEqual(state);
    }

    const survivors = procs.filter((p) => p !== victim);
    const after = await Promise.all(survivors.map(async (p) => total(await scrape(p.url), 'portline_connected_clients', { kind: 'account' })));
    expect(after.reduce((a, b) => a + b, 0)).toBe(CLIENTS);
    const duplicates = sent.filter((s) => s.ack.ok && s.ack.duplicate).length;
    const reconnects = victimClients.map((c) => c.reconnectMs ?? -1).sort((a, b) => a - b);
    console.log(
      `nginx failover: clients per process ${procs.map((p, i) => `${p.serverId}=${perProcess[i]}`).join(' ')}; ` +
        `killed ${victim.serverId} after ${ackedBeforeKill} of ${CLIENTS * PER_CLIENT} acks; ` +
        `its ${victimClients.length} clients reconnected through nginx in ${reconnects.join('/')} ms ` +
        `(now ${survivors.map((p, i) => `${p.serverId}=${after[i]}`).join(' ')}); ` +
        `burst finished ${burstDoneMs} ms after the kill; ${sent.length} commands acked, ${duplicates} of them as duplicates of a lost ack; ` +
        `log ${events.length} events, no gap, no duplicate; all clients at the head ${caughtUpMs} ms later`,
    );
  }, 60_000);
});
