import { describe, expect, it } from 'vitest';
import { replay } from '../../domain/incident/evolve';
import type { EventBody, IncidentEvent } from '../../domain/incident/events';
import { INCIDENT_ID, opened, sequence, taskCreated } from '../../domain/incident/fixtures';
import type { IncidentState } from '../../domain/incident/state';
import { keptMessages, REPLAY_LIMITS } from '../../protocol/replay';
import { ReplayEngine } from './engine';

const posted = (i: number, alert = false): EventBody => ({
  type: 'MessagePosted',
  payload: { messageId: `m-${i}`, text: alert ? 'Evacuate berth 4 now' : `Update ${i}`, toAgency: null, alert },
});

/** A day-long incident in short: an opening, one alert, 600 ordinary messages after it, then tasks (1,100 events). */
function alertThenChatter(): IncidentEvent[] {
  return sequence([
    opened(),
    posted(0, true),
    ...Array.from({ length: 600 }, (_, i) => posted(i + 1)),
    ...Array.from({ length: 498 }, (_, i) => taskCreated(`t-${i}`)),
  ]);
}

/** What the wall's banner (components/display/wall-incident.tsx) and the board's alert strip show. */
const banner = (s: IncidentState) => s.messages.findLast((m) => m.alert) ?? null;

describe('ReplayEngine: the messages of a derived chunk (SPEC REV1)', () => {
  it('REV1: the state at the last seq, folded from a chunk the engine derived (500 messages kept), still holds the alert live shows', async () => {
    const log = alertThenChatter();
    expect(log).toHaveLength(1100);
    const live = replay(log);
    expect(banner(live)?.id).toBe('m-0');
    const engine = new ReplayEngine(
      async (at) => {
        // Chunk 1000 is derived here (chunk 0 folded to its end), never loaded.
        if (at !== 0) throw new Error(`chunk ${at} loaded`);
        return { incidentId: INCIDENT_ID, at: 0, state: null, messagesOmitted: 0, events: log.slice(0, 1000), headSeq: 1100 };
      },
      1000,
      1100,
      async (from, limit) => log.slice(from - 1, from - 1 + limit),
      REPLAY_LIMITS.chunkMessages,
      0,
    );
    await engine.ensure(0);
    await engine.ensure(1100);
    const state = engine.stateAt(1100)!;
    expect(state.seq).toBe(1100);
    // The wall's banner at that moment is live's.
    expect(banner(state)).toEqual(banner(live));
    // Everything else the views read equals live; the messages are live's newest and its alert.
    expect(state).toEqual({ ...live, messages: keptMessages(live.messages, REPLAY_LIMITS.chunkMessages) });
    expect(state.messages.slice(-40)).toEqual(live.messages.slice(-40));
    // The panel's count, kept plus left out, is live's.
    expect(state.messages.length + engine.omittedAt(1100)!).toBe(live.messages.length);
    engine.stop();
  });
});

describe("ReplayEngine: the page's rehearsal moments", () => {
  it('otherHeld: a held moment other than the one shown, the head first, else the checkpoint of its chunk', async () => {
    const log = alertThenChatter();
    const engine = new ReplayEngine(
      async (at) => ({ incidentId: INCIDENT_ID, at, state: at === 0 ? null : replay(log.slice(0, at)), messagesOmitted: 0, events: log.slice(at, at + 1000), headSeq: 1100 }),
      1000,
      1100,
    );
    // Nothing held: no moment to rehearse.
    expect(engine.otherHeld(1050)).toBeNull();
    await engine.ensure(1100);
    expect(engine.otherHeld(1050)).toBe(1100);
    // Shown at the head: its chunk's checkpoint.
    expect(engine.otherHeld(1100)).toBe(1000);
    // A moment whose chunk is not held: still the head.
    expect(engine.otherHeld(500)).toBe(1100);
    engine.stop();
  });
});

describe('ReplayEngine: following a live incident (SPEC REV1)', () => {
  it('REV1: a chunk whose load began before the head moved on is loaded again, not kept short: the state shown at the new head is that head\'s', async () => {
    const log = sequence([opened(), ...Array.from({ length: 19 }, (_, i) => posted(i + 1))]); // 20 events
    let serverHead = 12;
    const answers: Array<() => void> = [];
    // The server answers with the events up to its head when it was asked; the answer waits until released.
    const engine = new ReplayEngine(
      (at) => {
        const events = log.slice(at, Math.min(at + 10, serverHead));
        const state = at === 0 ? null : replay(log.slice(0, at));
        return new Promise((resolve) => answers.push(() => resolve({ incidentId: INCIDENT_ID, at, state, messagesOmitted: 0, events, headSeq: serverHead })));
      },
      10,
      12,
    );
    const first = engine.ensure(12);
    answers.shift()!();
    await first;
    expect(engine.stateAt(12)!.seq).toBe(12);
    // The incident grows to 15: the short chunk goes, and its load for 15 begins.
    serverHead = 15;
    engine.setHead(15);
    const asked = engine.ensure(15);
    // While it is on its way, the head moves to 18 and the page asks for that moment: the same load.
    serverHead = 18;
    engine.setHead(18);
    const again = engine.ensure(18);
    answers.shift()!(); // the answer of 15
    await new Promise((r) => setTimeout(r, 0));
    while (answers.length > 0) answers.shift()!();
    await Promise.all([asked, again]);
    const state = engine.stateAt(18)!;
    expect(state.seq).toBe(18);
    expect(state).toEqual(replay(log.slice(0, 18)));
    engine.stop();
  });
});
