import { describe, expect, it } from 'vitest';
import { opened, sequence, taskCreated } from '@/lib/domain/incident/fixtures';
import { ics214Choice, participatingAgencies } from './ics214-agency';

describe('the ICS 214 page’s agency', () => {
  const events = sequence([
    opened(['customs', 'port']),
    taskCreated('00000000-0000-4000-8000-000000000001', 'customs', 'Hold container MSKU 123'),
    { type: 'IncidentUpdated', payload: { agencies: { from: ['customs', 'port'], to: ['port', 'fire'] } } },
  ]);

  it('REV5: offers every agency that took part, one taken out since included, in the order they joined', () => {
    expect(participatingAgencies(events)).toEqual(['customs', 'port', 'fire']);
    expect(participatingAgencies(undefined)).toEqual([]);
    expect(participatingAgencies([])).toEqual([]);
  });

  it('REV5: with no agency chosen it asks for one; "did not take part" is only for a code that did not', () => {
    const took = participatingAgencies(events);
    expect(ics214Choice('', took)).toBe('none');
    expect(ics214Choice('  ', took)).toBe('none');
    expect(ics214Choice('customs', took)).toBe('took-part');
    expect(ics214Choice('fire', took)).toBe('took-part');
    expect(ics214Choice('police', took)).toBe('not-part');
    // Before the log is read nothing took part, but an empty choice is still no choice.
    expect(ics214Choice('', [])).toBe('none');
  });
});
