import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentFeed } from '../lib/client/incident-feed';
import { newId } from '../lib/client/new-id';
import { createSocket, type PortlineSocket } from '../lib/client/socket';
import { connect, hazmatIncident, readLog, signIn, submit, until } from './testing/client';
import { startRedisServer, type RedisServerHandle } from './testing/redis-server';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * Found by the sync fuzz: a client whose reconnect reached a process while Redis was
 * away got connect_error STORE_UNAVAILABLE from the handshake, and socket.io does not
 * retry a handshake refusal, so its feeds stayed behind with no error to show.
 */

let redis: RedisServerHandle;
let srv: ServerProcess;
let admin: string;
const closers: Array<() => void> = [];

beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true });
  srv = await startServerProcess({ redisUrl: redis.url, serverId: 'hs' });
  admin = await signIn(srv.url);
});
afterAll(async () => {
  for (const c of closers) c();
  await srv?.stop();
  await redis?.stop();
});

describe('a reconnect refused while the store is away', () => {
  it('SYNC3: a socket whose reconnect the handshake refuses with STORE_UNAVAILABLE tries again by itself, and its feed catches up', async () => {
    const writer = await connect(srv.url, admin);
    closers.push(() => writer.close());
    const id = newId();
    expect((await submit(writer, id, hazmatIncident())).ok).toBe(true);

    const reader: PortlineSocket = createSocket({ url: srv.url, token: admin, websocketOnly: true });
    closers.push(() => reader.close());
    const history: string[] = [];
    reader.on('connect', () => history.push('connect'));
    reader.on('disconnect', (r) => history.push(`disconnect ${r}`));
    reader.on('connect_error', (err: Error & { data?: { code?: string } }) => history.push(`connect_error ${err.data?.code ?? err.message}`));
    const feed = new IncidentFeed(reader, id, () => undefined);
    feed.start();
    closers.push(() => feed.stop());
    await until(() => feed.seq === 1, 10_000, 'the reader joined');

    await redis.kill();
    reader.io.engine?.close(); // the network drops while Redis is away
    await until(() => history.some((h) => h.startsWith('connect_error')), 15_000, 'a reconnect was refused');
    // socket.io itself gives up here: before SYNC3's retry in createSocket this socket stayed down for good.
    expect(history).toContain('connect_error STORE_UNAVAILABLE');
    await redis.restart();

    // Something happens after Redis is back: the reader must see it.
    await until(async () => (await submit(writer, id, { type: 'PostMessage', messageId: newId(), text: 'after Redis' })).ok, 20_000, 'a command after Redis came back');
    const events = await readLog(srv.url, admin, id);
    const ms = await until(() => feed.seq === events.length, 15_000, `the reader caught up (${history.join(', ')})`);
    console.log(`the reader caught up ${ms} ms after the command; ${history.join(', ')}`);
  }, 60_000);
});
