import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/client/new-id';
import { linkOutbox } from '../lib/client/outbox-link';
import { memoryOutboxStore } from '../lib/client/outbox-store';
import { checkHello, createSocket, type PortlineSocket } from '../lib/client/socket';
import type { HandshakeAuth, ServerHello } from '../lib/protocol/socket';
import { connect, createDisplay, createUser, hazmatIncident, readLog, signIn, submit, until } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';
import { startTcpProxy, type TcpProxy } from './testing/tcp-proxy';

/**
 * SPEC SYNC11: a browser's socket is whoever's session cookie the browser holds when it
 * reconnects. Tab 1 is A's and offline with a change waiting; A signs out in tab 2 and B signs in
 * there; tab 1's socket comes back with B's cookie. The page's outbox (the very wiring
 * OutboxProvider runs: checkHello + linkOutbox) must send nothing of A's on that connection.
 * Real server, real socket.io-client, the network cut by a real TCP proxy; the changed cookie
 * is the handshake's credentials changed between two connections of one socket.
 */
const sockets: PortlineSocket[] = [];
let srv: ServerProcess;
let proxy: TcpProxy;
let admin: string;
let incidentId: string;

beforeAll(async () => {
  srv = await startServerProcess();
  proxy = await startTcpProxy(srv.port);
  admin = await signIn(srv.url);
  const s = await connect(srv.url, admin);
  sockets.push(s);
  incidentId = newId();
  const ack = await submit(s, incidentId, hazmatIncident(['port', 'fire', 'customs']));
  expect(ack.ok).toBe(true);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await proxy?.stop();
  await srv?.stop();
});

/** The first hello of a socket not yet connected. */
function firstHello(socket: PortlineSocket): Promise<ServerHello> {
  return new Promise((resolve) => socket.once('server:hello', resolve));
}

describe('server:hello', () => {
  it("SYNC11: names the connection's account, or its display", async () => {
    const a = await createUser(srv.url, admin, 'hello-fire', 'responder', 'fire');
    const s = createSocket({ url: srv.url, token: a.token, autoConnect: false });
    sockets.push(s);
    const hello = firstHello(s);
    s.connect();
    expect(await hello).toEqual({ protocolVersion: expect.any(Number), serverId: srv.serverId, kind: 'account', accountId: a.account.id });

    const display = await createDisplay(srv.url, admin, 'Wall 1', { kind: 'incident', incidentId });
    const d = createSocket({ url: srv.url, displayToken: display.token, autoConnect: false });
    sockets.push(d);
    const shown = firstHello(d);
    d.connect();
    expect(await shown).toEqual({ protocolVersion: expect.any(Number), serverId: srv.serverId, kind: 'display', displayId: display.id });
  });
});

describe("a page's outbox", () => {
  it("SYNC11: a page of account A whose socket reconnects with B's credentials sends nothing of A's; A's next connection sends it, as A", async () => {
    const a = await createUser(srv.url, admin, 'switch-a-fire', 'responder', 'fire');
    const b = await createUser(srv.url, admin, 'switch-b-customs', 'responder', 'customs');
    const socket = createSocket({ url: proxy.url, token: a.token, autoConnect: false });
    sockets.push(socket);
    // What SyncProvider does on another account's hello: end the socket (then read who is signed in).
    const others: ServerHello[] = [];
    const hello = checkHello(socket, { kind: 'account', accountId: a.account.id }, (other) => {
      others.push(other);
      socket.disconnect();
    });
    const store = memoryOutboxStore();
    const { outbox, unlink } = linkOutbox({ socket, hello, accountId: a.account.id, store, sendDeadlineMs: 5_000 });
    try {
      socket.connect();
      expect(await hello.whenReady(10_000)).toBe(true);

      // The network drops; A makes a change offline.
      await proxy.cut();
      await until(() => !socket.connected, 10_000, 'the socket noticed the drop');
      const queued = await outbox.submit(incidentId, { type: 'PostMessage', messageId: newId(), text: 'made by A, offline' });
      expect(queued).toMatchObject({ ok: true, queued: true });
      const [entry] = outbox.entries;

      // Meanwhile the browser's cookie became B's; the network comes back; socket.io reconnects by itself.
      (socket.auth as HandshakeAuth).token = b.token;
      await proxy.restore();
      await until(() => others.length > 0, 20_000, "B's hello");
      expect(others[0]).toMatchObject({ kind: 'account', accountId: b.account.id });
      await new Promise((r) => setTimeout(r, 1_500)); // anything sent would have been applied by now
      const log = await readLog(srv.url, admin, incidentId);
      expect(log.filter((e) => e.commandId === entry.commandId)).toEqual([]);
      expect(log.filter((e) => e.actor.userId === b.account.id)).toEqual([]);
      // Kept, as A's, still waiting.
      expect(await store.list(a.account.id)).toMatchObject([{ commandId: entry.commandId, accountId: a.account.id, state: 'pending' }]);
      expect(await store.list(b.account.id)).toEqual([]);

      // A signs in again on this browser: the kept change goes out, as A.
      (socket.auth as HandshakeAuth).token = a.token;
      socket.connect();
      await until(async () => (await store.list(a.account.id)).length === 0, 15_000, "A's outbox drained");
      const sent = (await readLog(srv.url, admin, incidentId)).filter((e) => e.commandId === entry.commandId);
      expect(sent).toHaveLength(1);
      expect(sent[0].actor.userId).toBe(a.account.id);
      expect(others).toHaveLength(1);
    } finally {
      unlink();
      hello.stop();
    }
  });
});
