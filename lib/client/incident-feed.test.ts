import { describe, expect, it, vi } from 'vitest';
import { INCIDENT_ID, opened, sequence } from '../domain/incident/fixtures';
import { ErrorCode } from '../domain/errors';
import { IncidentFeed, rejoinDelay } from './incident-feed';
import type { PortlineSocket } from './socket';

/** A socket stand-in whose join answers come from a list. */
function fakeSocket(answers: unknown[]) {
  const joins: unknown[] = [];
  const socket = {
    connected: true,
    on: () => socket,
    off: () => socket,
    emit: () => socket,
    timeout: () => socket,
    emitWithAck: async (_event: string, payload: unknown) => {
      joins.push(payload);
      return answers.shift();
    },
  };
  return { socket: socket as unknown as PortlineSocket, joins };
}

describe('IncidentFeed', () => {
  it('SYNC3: after a transient failure it joins again by itself, with backoff, from its last seq', async () => {
    vi.useFakeTimers();
    try {
      const events = sequence([opened()]);
      const { socket, joins } = fakeSocket([
        { ok: false, error: { code: ErrorCode.STORE_UNAVAILABLE, message: 'away' } },
        { ok: true, events, headSeq: 1 },
      ]);
      const seen: number[] = [];
      const feed = new IncidentFeed(socket, INCIDENT_ID, (snap) => seen.push(snap.state?.seq ?? 0));
      feed.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(joins).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(rejoinDelay(0));
      expect(joins).toEqual([
        { incidentId: INCIDENT_ID, sinceSeq: 0 },
        { incidentId: INCIDENT_ID, sinceSeq: 0 },
      ]);
      expect(feed.seq).toBe(1);
      feed.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('SYNC3: a refusal is not retried, and the backoff stops growing at 30 s', async () => {
    const { socket, joins } = fakeSocket([{ ok: false, error: { code: ErrorCode.FORBIDDEN, message: 'no' } }]);
    vi.useFakeTimers();
    try {
      const feed = new IncidentFeed(socket, INCIDENT_ID, () => undefined);
      feed.start();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(joins).toHaveLength(1);
      feed.stop();
    } finally {
      vi.useRealTimers();
    }
    expect([0, 1, 2, 10].map(rejoinDelay)).toEqual([1000, 2000, 4000, 30_000]);
  });
});
