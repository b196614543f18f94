import { Server } from 'socket.io';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countAgencyLobbies, createFanOut, type PortlineServer } from './socket-server';

/**
 * SPEC AUTH5: where a list hint goes when the process cannot tell the incident's agencies (the
 * look-up failed, or found no incident): to the lobby of those who read every incident only, never
 * to every agency's lobby. A real Socket.IO server (not listening) whose rooms hold socket ids
 * put there through its adapter; `to` is watched for the rooms each hint is sent to.
 */
afterEach(() => {
  vi.useRealTimers();
});

function watchedIo(
  rooms: Array<[room: string, sids: string[]]> = [
    ['lobby', ['s1']],
    ['lobby:agency:fire', ['s2']],
    ['lobby:agency:customs', ['s3']],
  ],
) {
  const sent: Array<{ rooms: string[]; incidentId: string; seq: number }> = [];
  const io: PortlineServer = new Server();
  countAgencyLobbies(io);
  for (const [room, sids] of rooms) for (const sid of sids) io.of('/').adapter.addAll(sid, new Set([room]));
  vi.spyOn(io, 'to').mockImplementation(
    (to) =>
      ({
        emit: (_event: string, msg: { incidentId: string; seq: number }) => void sent.push({ rooms: [to].flat(), ...msg }),
      }) as unknown as ReturnType<PortlineServer['to']>,
  );
  return { io, sent };
}

describe('list hints when the agencies are unknown', () => {
  for (const [what, lookUp] of [
    ['the look-up fails', () => Promise.reject(new Error('store unavailable'))],
    ['no incident is found', () => Promise.resolve(null)],
    ['nothing is known (no look-up)', () => null],
  ] as const) {
    it(`AUTH5: ${what}: the hint goes only to those who read every incident`, async () => {
      vi.useFakeTimers();
      const { io, sent } = watchedIo();
      const fanOut = createFanOut(() => io, undefined, undefined, lookUp);
      fanOut('inc-1', [], 4);
      await vi.advanceTimersByTimeAsync(1_100);
      expect(sent).toEqual([{ rooms: ['lobby'], incidentId: 'inc-1', seq: 4 }]);
    });
  }

  it('AUTH5: agencies looked up: the hint goes to those who read every incident and to those agencies\' lobbies', async () => {
    vi.useFakeTimers();
    const { io, sent } = watchedIo();
    const fanOut = createFanOut(() => io, undefined, undefined, async () => ['port', 'fire']);
    fanOut('inc-2', [], 7);
    fanOut('inc-2', [], 9);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(sent).toEqual([{ rooms: ['lobby', 'lobby:agency:port', 'lobby:agency:fire'], incidentId: 'inc-2', seq: 9 }]);
  });

  it('OPS5/AUTH5: no agency\'s lobby has a socket here: nothing is looked up (which may load the incident), and the hint goes to those who read every incident only', async () => {
    vi.useFakeTimers();
    const { io, sent } = watchedIo([
      ['lobby', ['s1']],
      ['lobby:agency:fire', ['s2']],
      ['incident:inc-3', ['s1']],
      ['account:a-1', ['s1']],
    ]);
    // Fire's one socket has left its lobby.
    io.of('/').adapter.del('s2', 'lobby:agency:fire');
    const lookedUp: string[] = [];
    // Unless told not to, it looks up (as the registry's does).
    const hintAgencies = vi.fn((id: string, lookUp?: boolean) => {
      if (lookUp === false) return null;
      lookedUp.push(id);
      return Promise.resolve(['port', 'fire']);
    });
    const fanOut = createFanOut(() => io, undefined, undefined, hintAgencies);
    fanOut('inc-3', [], 5);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(lookedUp).toEqual([]);
    // Asked without a look-up only (the registry forgets the agencies taken out, who had nobody here to hear it).
    expect(hintAgencies.mock.calls).toEqual([['inc-3', false]]);
    expect(sent).toEqual([{ rooms: ['lobby'], incidentId: 'inc-3', seq: 5 }]);
  });
});
