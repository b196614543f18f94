import { describe, expect, it } from 'vitest';
import { replay } from '../domain/incident/evolve';
import { buildLongIncident } from '../../server/demo/long-incident';
import { RepeatSharer } from './share-repeats';

describe('RepeatSharer', () => {
  const log = buildLongIncident({ incidentId: '6f0f4e8e-8f4b-4d53-9d8f-0c5bd8d2a002', events: 2000, start: Date.UTC(2026, 10, 1, 8), spanMs: 3_600_000 });
  // As they arrive from the server: every event its own copy of every string and object.
  const parsed = () => JSON.parse(JSON.stringify(log.events)) as typeof log.events;

  it('gives equal actors and incident ids one shared copy, and changes no value', () => {
    const events = parsed();
    const sharer = new RepeatSharer();
    expect(sharer.share(events)).toBe(events);
    expect(events).toEqual(log.events);
    const byUser = new Map<string, object>();
    for (const ev of events) {
      const held = byUser.get(ev.actor.userId);
      if (held) expect(ev.actor).toBe(held);
      else byUser.set(ev.actor.userId, ev.actor);
    }
    expect(byUser.size).toBeGreaterThan(3);
    expect(byUser.size).toBeLessThan(events.length / 10);
    // The same incident's id, and the same actors, from a later page too.
    const later = parsed().slice(1000);
    sharer.share(later);
    expect(later[0].incidentId).toBe(events[0].incidentId);
    expect(later[0].actor).toBe(byUser.get(later[0].actor.userId));
  });

  it('keeps an account whose name, agency or role changed as its own actor', () => {
    const sharer = new RepeatSharer();
    const a = { userId: 'u1', name: 'Fire liaison', agency: 'fire', role: 'liaison' as const };
    expect(sharer.actor(a)).toBe(a);
    expect(sharer.actor({ ...a })).toBe(a);
    const renamed = { ...a, name: 'Fire liaison (night)' };
    expect(sharer.actor(renamed)).toBe(renamed);
    expect(sharer.actor({ ...a, agency: 'port' })).toEqual({ ...a, agency: 'port' });
  });

  it('folds to the same state as the events it was given (SPEC STATE1)', () => {
    const events = new RepeatSharer().share(parsed());
    expect(replay(events)).toEqual(replay(log.events));
  });
});
