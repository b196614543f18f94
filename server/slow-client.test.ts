import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../lib/domain/incident/evolve';
import { IncidentFeed } from '../lib/client/incident-feed';
import { newId } from '../lib/client/new-id';
import { createSocket, type PortlineSocket } from '../lib/client/socket';
import { connect, hazmatIncident, readLog, signIn, submit, until } from './testing/client';
import { scrape, total } from './testing/prometheus';
import { startServerProcess, type ServerProcess } from './testing/server-process';
import { startTcpProxy, type TcpProxy } from './testing/tcp-proxy';

/**
 * SPEC BUS2. A real server process; one client reaches it through a TCP proxy
 * that stops reading what the server sends (a client that stops reading), the
 * other connects directly and keeps receiving a stream of events.
 */
const LIMIT = 256 * 1024;
let srv: ServerProcess;
let proxy: TcpProxy;
let admin: string;
const sockets: PortlineSocket[] = [];
const feeds: IncidentFeed[] = [];

function follow(url: string, incidentId: string) {
  const socket = createSocket({ url, token: admin });
  sockets.push(socket);
  const feed = new IncidentFeed(socket, incidentId, () => undefined);
  feed.start();
  feeds.push(feed);
  const seen = { connects: 0, disconnects: [] as { at: number; reason: string }[] };
  socket.on('connect', () => void seen.connects++);
  socket.on('disconnect', (reason) => void seen.disconnects.push({ at: Date.now(), reason }));
  return { socket, feed, seen };
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

beforeAll(async () => {
  srv = await startServerProcess({
    // Commands fast enough to fill the stalled connection's buffers within seconds.
    env: { SOCKET_MAX_BUFFERED_BYTES: String(LIMIT), SOCKET_COMMANDS_PER_SECOND: '1000', SOCKET_COMMAND_BURST: '1000' },
  });
  proxy = await startTcpProxy(srv.port);
  admin = await signIn(srv.url);
});
afterAll(async () => {
  for (const f of feeds) f.stop();
  for (const s of sockets) s.close();
  await proxy?.stop();
  await srv?.stop();
});

describe('a client that stops reading', () => {
  it('BUS2: does not delay others; its queue stays bounded, it is disconnected, and it resumes from its seq with no gap', async () => {
    const writer = await connect(srv.url, admin);
    sockets.push(writer);
    const id = newId();
    expect((await submit(writer, id, hazmatIncident())).ok).toBe(true);

    const fast = follow(srv.url, id);
    const slow = follow(proxy.url, id);
    await until(() => fast.feed.seq === 1 && slow.feed.seq === 1, 10_000, 'both joined');

    // Latency of every live event at the fast client: its arrival minus the store's ts (same host clock).
    const latencies: number[] = [];
    fast.socket.on('incident:events', ({ events }) => {
      const now = Date.now();
      for (const e of events) latencies.push(now - e.ts);
    });

    proxy.stall();
    const stalledAt = Date.now();
    const readBefore = proxy.bytesFromServer();
    const text = '泄漏 leak '.repeat(480); // 3,840 characters: a long situation report (LIM1: 4,000)
    let sent = 0;
    let cut = false;
    const pump = async () => {
      while (!cut && Date.now() - stalledAt < 30_000) {
        const ack = await submit(writer, id, { type: 'PostMessage', messageId: newId(), text: `${sent} ${text}` });
        expect(ack.ok).toBe(true);
        sent++;
      }
    };
    const pumps = Promise.all(Array.from({ length: 24 }, pump));
    const cutMs = await until(async () => (cut = srv.output().includes('slow client disconnected')), 30_000, 'the slow client cut');
    await pumps;
    const stalledMs = Date.now() - stalledAt;

    const line = srv.output().split('\n').find((l) => l.includes('slow client disconnected')) ?? '{}';
    const report = JSON.parse(line) as { pendingBytes: number; limit: number };
    expect(report.limit).toBe(LIMIT);
    // Bounded: past the limit by at most the one emit that tipped it (a few KiB here).
    expect(report.pendingBytes).toBeGreaterThan(LIMIT);
    expect(report.pendingBytes).toBeLessThan(LIMIT + 64 * 1024);
    expect(total(await scrape(srv.url), 'portline_slow_clients_total')).toBe(1);

    // The fast client kept up the whole time and was never disconnected.
    await until(() => fast.feed.seq === 1 + sent, 10_000, 'the fast client at the head');
    expect(fast.seen.disconnects).toEqual([]);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    expect(p99, `fast client p99 ${p99} ms`).toBeLessThan(2_000);

    // The stalled client has seen nothing since; let its connection drain: it
    // reads what was in flight, finds the connection closed, reconnects, rejoins.
    const slowSeqAtCut = slow.feed.seq;
    const readWhileStalled = proxy.bytesFromServer() - readBefore;
    proxy.resume();
    const head = 1 + sent;
    const catchUpMs = await until(() => slow.seen.connects >= 2 && slow.feed.seq === head, 20_000, 'the slow client caught up');
    const events = await readLog(srv.url, admin, id);
    expect(events).toHaveLength(head);
    expect(slow.feed.snapshot.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    expect(slow.feed.snapshot.state).toEqual(replay(events));
    expect(fast.feed.snapshot.state).toEqual(replay(events));

    console.log(
      `BUS2: limit ${LIMIT} B; ${sent} events of ~4 KB streamed while one client was stalled; ` +
        `the proxy read ${readWhileStalled} B from the server while stalled (the rest sat in kernel buffers); ` +
        `cut after ${cutMs} ms with ${report.pendingBytes} B queued (disconnect seen by the client as ` +
        `"${slow.seen.disconnects[0]?.reason}"); fast client latency p50 ${p50} ms, p99 ${p99} ms over ${latencies.length} events, no disconnect; ` +
        `slow client was at seq ${slowSeqAtCut}, caught up to ${head} ${catchUpMs} ms after it read again (stalled ${stalledMs} ms in all)`,
    );
  }, 60_000);
});
