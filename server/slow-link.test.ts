import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentFeed, PAGE_AIM_MS, PAGE_FIRST } from '../lib/client/incident-feed';
import { createSocket, watchHeartbeat, type PortlineSocket } from '../lib/client/socket';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { applyEvents } from '../lib/domain/incident/evolve';
import { LIMITS } from '../lib/domain/limits';
import { signIn, until } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';
import { tempLongIncident, type TempStore } from './testing/temp-store';
import { startTcpProxy, type TcpProxy } from './testing/tcp-proxy';

/**
 * SPEC SYNC9 with a real server process and a real socket.io client: a page that opens a
 * 1,200-event incident over a link (the test proxy, throttled) on which a full page of the log
 * takes 15 s to cross, half again the 10 s a read may take. The feed reads a quarter page first,
 * then pages sized to the link, and catches up with its socket up throughout; with full pages
 * only, every answer came too late, and the feed asked for the same page again for ever.
 */
const EVENTS = 1200;
const FULL_PAGE_S = 15;
let temp: TempStore;
let srv: ServerProcess;
let proxy: TcpProxy;
let events: IncidentEvent[];
const incidentId = randomUUID();
const sockets: PortlineSocket[] = [];

beforeAll(async () => {
  ({ temp, events } = await tempLongIncident('portline-slow-link-', { incidentId, events: EVENTS, start: Date.now() - 3 * 3_600_000, spanMs: 2 * 3_600_000 }));
  srv = await startServerProcess({ dataDir: temp.dir });
  proxy = await startTcpProxy(srv.port);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await proxy?.stop();
  await srv?.stop();
  await temp?.cleanup();
});

describe('a page on a slow link', () => {
  it('SYNC9: opens a long incident in pages sized to the link from a quarter page on, never a full one, its socket up throughout (full pages never arrived in time)', async () => {
    const token = await signIn(srv.url);
    const fullPage = Buffer.byteLength(JSON.stringify(events.slice(0, LIMITS.eventsPage)));
    const rate = Math.round(fullPage / FULL_PAGE_S);
    proxy.throttle(rate);
    const socket = createSocket({ url: proxy.url, token });
    sockets.push(socket);
    // Watched as a page's socket is (SyncProvider): the server's pings wait behind a large answer.
    const stopWatch = watchHeartbeat(socket);
    const drops: string[] = [];
    socket.on('disconnect', (reason) => void drops.push(reason));
    const asked: number[] = [];
    socket.onAnyOutgoing((event: string, payload: { limit?: number }) => {
      if (event === 'incident:join' || event === 'incident:fetch') asked.push(payload.limit ?? LIMITS.eventsPage);
    });
    let shown: IncidentEvent[] = [];
    const feed = new IncidentFeed(socket, incidentId, (snap) => {
      if (snap.state) shown = snap.events;
    });
    const t0 = Date.now();
    feed.start();
    try {
      await until(() => feed.seq === EVENTS && shown.length === EVENTS, 150_000, `the feed at the head (${feed.diagnostics()})`);
    } finally {
      console.log(
        `SYNC9: a full page is ${(fullPage / 1024).toFixed(0)} KiB, the link ${(rate / 1024).toFixed(1)} KiB/s; the feed asked for ${asked.join(', ')} events; at ${feed.seq} of ${EVENTS} after ${Date.now() - t0} ms; disconnects: ${drops.join(', ') || 'none'}`,
      );
      feed.stop();
      stopWatch();
    }
    expect(feed.snapshot.state).toEqual(applyEvents(null, events));
    // The first read asked for a quarter page, the next ones what fits the link: never a full page,
    // and no answer held the page's watch past its 15 s (the socket stayed up).
    expect(asked[0]).toBe(PAGE_FIRST);
    expect(Math.max(...asked)).toBeLessThan(LIMITS.eventsPage);
    expect(drops).toEqual([]);
    expect(PAGE_AIM_MS).toBe(2_500);
  }, 180_000);
});
