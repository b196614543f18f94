import { describe, expect, it } from 'vitest';
import { logRuleBreak } from '../../lib/domain/incident/log-rules';
import { buildLongIncident } from './long-incident';

describe('the long incident of the replay benchmark and the day-long specs', () => {
  it('REV5: is a log a live incident could have written, so an exported one imports again', () => {
    for (const seed of [undefined, 7]) {
      const log = buildLongIncident({ incidentId: '00000000-0000-4000-8000-00000000a001', events: 20_000, start: Date.UTC(2026, 10, 1, 8), spanMs: 12 * 3_600_000, seed });
      expect(log.events).toHaveLength(20_000);
      expect(logRuleBreak(log.events), `seed ${seed ?? 'default'}`).toBeNull();
      // It still has every kind of event the benchmark means it to have.
      const kinds = new Set(log.events.map((e) => e.type));
      for (const k of ['TaskCreated', 'TaskStatusChanged', 'TaskReassigned', 'TaskEdited', 'AgencyStatusChanged', 'PhaseChanged', 'MessagePosted']) expect(kinds).toContain(k);
    }
  });
});
