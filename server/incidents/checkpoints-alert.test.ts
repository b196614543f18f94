import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvents, replay } from '../../lib/domain/incident/evolve';
import type { EventBody, IncidentEvent } from '../../lib/domain/incident/events';
import { opened, sequence, taskCreated } from '../../lib/domain/incident/fixtures';
import type { IncidentState } from '../../lib/domain/incident/state';
import { keptMessages, REPLAY_LIMITS } from '../../lib/protocol/replay';
import { appendLongIncident } from '../demo/long-incident';
import type { Store } from '../store/types';
import { tempStore, type TempStore } from '../testing/temp-store';
import { CheckpointCache } from './checkpoints';

const posted = (i: number, alert = false): EventBody => ({
  type: 'MessagePosted',
  payload: { messageId: `m-${i}`, text: alert ? 'Evacuate berth 4 now' : `Update ${i}`, toAgency: null, alert },
});

/** What the wall's banner (components/display/wall-incident.tsx) and the board's alert strip show. */
const banner = (s: IncidentState) => s.messages.findLast((m) => m.alert) ?? null;

/**
 * A day-long incident in short (SPEC REV1): an opening, one alert, 600 ordinary messages after it,
 * then tasks. At checkpoint 1000 the alert is 600 messages back: beyond the 500 a checkpoint
 * keeps, and the 100 a moment's answer keeps.
 */
describe('replay checkpoints keep the newest alert (SPEC REV1)', () => {
  let temp: TempStore;
  let store: Store;
  let log: IncidentEvent[];
  let live: IncidentState;
  const id = randomUUID();

  beforeAll(async () => {
    temp = await tempStore('portline-checkpoints-alert-');
    store = temp.store;
    const events = sequence(
      [opened(), posted(0, true), ...Array.from({ length: 600 }, (_, i) => posted(i + 1)), ...Array.from({ length: 498 }, (_, i) => taskCreated(`t-${i}`))],
      { incidentId: id },
    );
    log = await appendLongIncident(store, { incidentId: id, agencies: ['fire', 'customs', 'port'], events });
    expect(log).toHaveLength(1100);
    live = replay(log);
    expect(banner(live)?.id).toBe('m-0');
  });

  afterAll(async () => {
    await temp?.cleanup();
  });

  it('REV1: the chunk at 1000 and the state at the last seq folded from it hold the alert live shows', async () => {
    const cache = new CheckpointCache(store.events, 1000, { stored: false });
    const chunk = await cache.chunk(id, 1000, 1100);
    const atLast = applyEvents(chunk.state, chunk.events)!;
    expect(atLast.seq).toBe(1100);
    expect(banner(atLast)).toEqual(banner(live));
    expect(atLast).toEqual({ ...live, messages: keptMessages(live.messages, REPLAY_LIMITS.chunkMessages) });
    // The count of what is left out adds up to live's.
    expect(chunk.state!.messages.length + chunk.messagesOmitted).toBe(replay(log.slice(0, 1000)).messages.length);
  });

  it('REV1: the moment route at the last seq (100 messages) holds the alert live shows, based or not', async () => {
    const cache = new CheckpointCache(store.events, 1000, { stored: false });
    for (const base of [undefined, 1000]) {
      const m = await cache.momentJson(id, 1100, 1100, base);
      expect(banner(m.state), `base ${base}`).toEqual(banner(live));
      expect(m.state.messages).toEqual(keptMessages(live.messages, REPLAY_LIMITS.momentMessages));
      expect(m.state.messages.length + m.messagesOmitted).toBe(live.messages.length);
    }
  });

  it('REV1, REV6: a checkpoint a hub handed over, stored and read back by a restarted server, holds the alert', async () => {
    const fed = new CheckpointCache(store.events, 1000);
    fed.feed(id, log.slice(0, 1000), () => replay(log.slice(0, 1000)), { start: true });
    await fed.flushWrites();
    expect(banner(JSON.parse((await store.events.checkpointState(id, 1000))!) as IncidentState)).toEqual(banner(live));
    const restarted = new CheckpointCache(store.events, 1000);
    const chunk = await restarted.chunk(id, 1000, 1100);
    expect(banner(applyEvents(chunk.state, chunk.events)!)).toEqual(banner(live));
    const m = await restarted.momentJson(id, 1050, 1100);
    expect(banner(m.state)).toEqual(banner(live));
  });
});
