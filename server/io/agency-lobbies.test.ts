import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortlineSocket } from '../../lib/client/socket';
import { connect, until } from '../testing/client';
import { startInProcessServer, type InProcessServer } from '../testing/in-process-server';
import { agencyLobbiesWithSockets } from './socket-server';

/**
 * SPEC AUTH5, OPS5: a list hint asks for the incident's agencies (which may load the incident)
 * only while some agency's lobby has a socket on this process. That is a count kept as sockets
 * join and leave the lobbies, not a walk of every room per hint: here it is held against the
 * rooms themselves as real clients connect, leave and disconnect.
 */
let srv: InProcessServer;
const sockets: PortlineSocket[] = [];
beforeAll(async () => {
  srv = await startInProcessServer();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv?.close();
});

async function client(role: 'admin' | 'observer' | 'liaison' | 'responder', agency: string | null = null) {
  const s = await connect(srv.url, await srv.account(role, agency));
  sockets.push(s);
  return s;
}

/** The agency lobbies that have a socket, as the adapter's rooms hold them. */
const lobbiesInRooms = () => [...srv.io.of('/').adapter.rooms].filter(([room, ids]) => room.startsWith('lobby:agency:') && ids.size > 0).map(([room]) => room).sort();

describe('agency lobbies with a socket on this process', () => {
  it('AUTH5/OPS5: the count follows the rooms: a lobby counts once however many sockets it has, and a socket that leaves or disconnects brings it back to zero', async () => {
    const counted = () => ({ count: agencyLobbiesWithSockets(srv.io), rooms: lobbiesInRooms() });
    await client('admin');
    await client('observer');
    // Those who read every incident sit in the one lobby, not an agency's.
    expect(counted()).toEqual({ count: 0, rooms: [] });

    const fire = [await client('liaison', 'fire'), await client('responder', 'fire')];
    expect(counted()).toEqual({ count: 1, rooms: ['lobby:agency:fire'] });
    const customs = await client('liaison', 'customs');
    expect(counted()).toEqual({ count: 2, rooms: ['lobby:agency:customs', 'lobby:agency:fire'] });

    // A socket that leaves its lobby, while still connected.
    await srv.io.in('lobby:agency:customs').socketsLeave('lobby:agency:customs');
    expect(customs.connected).toBe(true);
    expect(counted()).toEqual({ count: 1, rooms: ['lobby:agency:fire'] });

    // Fire's lobby counts while any of its sockets is here, and no longer once the last is gone.
    fire[0].close();
    await until(() => srv.io.of('/').sockets.size === 4, 5_000, 'the first fire socket gone');
    expect(counted()).toEqual({ count: 1, rooms: ['lobby:agency:fire'] });
    fire[1].close();
    await until(() => srv.io.of('/').sockets.size === 3, 5_000, 'the second fire socket gone');
    expect(counted()).toEqual({ count: 0, rooms: [] });

    // Back again: counted from zero, not from what was left over.
    await client('responder', 'fire');
    expect(counted()).toEqual({ count: 1, rooms: ['lobby:agency:fire'] });
    customs.close();
    await until(() => srv.io.of('/').sockets.size === 3, 5_000, 'the customs socket gone');
    expect(counted()).toEqual({ count: 1, rooms: ['lobby:agency:fire'] });
  });

  it('AUTH5/OPS5: an adapter set after the server was built (io.adapter) is not counted: its rooms are walked instead', async () => {
    for (const s of sockets.splice(0)) s.close();
    await until(() => srv.io.of('/').sockets.size === 0, 5_000, 'every socket gone');
    // A new adapter of the same class (socket.io's in-memory one), as a cluster adapter set later would be.
    srv.io.adapter(srv.io.of('/').adapter.constructor as Parameters<typeof srv.io.adapter>[0]);
    expect(agencyLobbiesWithSockets(srv.io)).toBe(0);
    await client('responder', 'fire');
    await client('liaison', 'customs');
    // The counted adapter heard none of these joins; the walk of the new one's rooms finds both.
    expect({ count: agencyLobbiesWithSockets(srv.io), rooms: lobbiesInRooms() }).toEqual({ count: 2, rooms: ['lobby:agency:customs', 'lobby:agency:fire'] });
  });
});
