import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../lib/domain/incident/evolve';
import { IncidentFeed, type FeedSnapshot } from '../lib/client/incident-feed';
import { createSocket, type PortlineSocket } from '../lib/client/socket';
import { seedLongIncident } from './demo/long-incident';
import { createLogger } from './log';
import { readLog, signIn, until } from './testing/client';
import { startServerProcess, TEST_ADMIN_PASSWORD, type ServerProcess } from './testing/server-process';
import { tempStore, type TempStore } from './testing/temp-store';

/**
 * SPEC SYNC6 with a real server process: a first load of an incident whose pages outrun the
 * server's read limit (AUTH10; here a bucket of 2 and 10 a second, against 60 and 20 by default)
 * is paced by the server's RATE_LIMITED answers, shows progress and never an error, and ends with
 * the server's state.
 */
const EVENTS = 6500;
let temp: TempStore;
let srv: ServerProcess;
let socket: PortlineSocket | undefined;
const incidentId = randomUUID();

beforeAll(async () => {
  temp = await tempStore('portline-pace-');
  const { store } = temp;
  await seedLongIncident(store, { incidentId, events: EVENTS, start: Date.now() - 3_600_000, spanMs: 3_000_000, adminPassword: TEST_ADMIN_PASSWORD, log: createLogger('silent', 'test') });
  await store.close();
  srv = await startServerProcess({ dataDir: temp.dir, env: { SOCKET_READ_BURST: '2', SOCKET_READS_PER_SECOND: '10' } });
}, 60_000);
afterAll(async () => {
  socket?.close();
  await srv?.stop();
  await temp?.cleanup();
});

describe('a first load that meets the read limit', () => {
  it('SYNC6: waits the server’s retryAfterMs between pages, shows progress and no error, and ends at the head with the server’s state', async () => {
    const token = await signIn(srv.url);
    socket = createSocket({ url: srv.url, token });
    const shown: FeedSnapshot[] = [];
    const feed = new IncidentFeed(socket, incidentId, (snap) => shown.push(snap));
    const t0 = Date.now();
    feed.start();
    await until(() => feed.snapshot.state?.seq === EVENTS && !feed.snapshot.loading, 30_000, `the feed at the head (${feed.diagnostics()})`);
    const ms = Date.now() - t0;
    // A join and 6 more pages of 1000 against a bucket of 2, refilled at 10 a second: at least 0.4 s of waits.
    console.log(`SYNC6: ${EVENTS} events read in ${ms} ms under a read limit of 2 + 10/s`);
    expect(ms).toBeGreaterThanOrEqual(400);
    expect(shown.filter((s) => s.error !== null).map((s) => s.error?.code)).toEqual([]);
    expect(shown.some((s) => s.state === null && s.appliedSeq > 0 && s.appliedSeq < EVENTS)).toBe(true); // progress was shown
    expect(feed.snapshot.state).toEqual(replay(await readLog(srv.url, token, incidentId)));
    feed.stop();
  });
});
