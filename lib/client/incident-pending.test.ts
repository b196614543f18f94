import { describe, expect, it } from 'vitest';
import type { IncidentCommandInput } from '../domain/incident/commands';
import { incidentPending, NOTHING_PENDING } from './incident-pending';
import { onBoard, type OutboxEntry } from './outbox-queue';

const INC = 'inc-1';
const T1 = '00000000-0000-4000-8000-000000000001';
const T2 = '00000000-0000-4000-8000-000000000002';

let n = 0;
function entry(command: IncidentCommandInput, over: Partial<OutboxEntry> = {}): OutboxEntry {
  n++;
  return { commandId: `c-${n}`, accountId: 'acc-1', incidentId: INC, command, queuedAt: n, order: n, state: 'pending', ...over };
}

describe('incidentPending', () => {
  it('is nothing for an empty outbox, or one with only messages and new tasks', () => {
    expect(incidentPending([], INC)).toBe(NOTHING_PENDING);
    const other = incidentPending(
      [entry({ type: 'PostMessage', messageId: 'm-1', text: 'hi' }), entry({ type: 'CreateTask', taskId: T1, title: 'x', agency: 'fire' })],
      INC,
    );
    expect(other).toEqual(NOTHING_PENDING);
  });

  it('tells each kind of pending change', () => {
    const p = incidentPending(
      [
        entry({ type: 'SetAgencyStatus', agency: 'fire', status: 'en_route' }),
        entry({ type: 'ChangePhase', expectedVersion: 3, phase: 'containment' }),
        entry({ type: 'ChangeSeverity', expectedVersion: 3, severity: 'II', reason: 'spreading' }),
        entry({ type: 'UpdateIncident', expectedVersion: 3, title: 'New title' }),
        entry({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'acknowledged' }),
        entry({ type: 'EditTask', taskId: T2, expectedVersion: 2, title: 'only an edit' }),
      ],
      INC,
    );
    expect(p).toEqual({
      agencyStatus: { fire: 'en_route' },
      phase: 'containment',
      severity: 'II',
      incidentEdit: true,
      taskStatus: { [T1]: 'acknowledged' },
    });
  });

  it('takes the last one queued of each thing (queue order, not array order)', () => {
    const p = incidentPending(
      [
        entry({ type: 'SetAgencyStatus', agency: 'fire', status: 'on_scene' }, { order: 20 }),
        entry({ type: 'SetAgencyStatus', agency: 'fire', status: 'en_route' }, { order: 10 }),
        entry({ type: 'SetAgencyStatus', agency: 'port', status: 'notified' }, { order: 11 }),
        entry({ type: 'ChangePhase', expectedVersion: 3, phase: 'containment' }, { order: 12 }),
        entry({ type: 'ChangePhase', expectedVersion: 3, phase: 'closed' }, { order: 13 }),
        entry({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'acknowledged' }, { order: 14 }),
        entry({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'in_progress' }, { order: 15 }),
        entry({ type: 'ChangeTaskStatus', taskId: T2, expectedVersion: 2, to: 'blocked', reason: 'no water' }, { order: 16 }),
      ],
      INC,
    );
    expect(p.agencyStatus).toEqual({ fire: 'on_scene', port: 'notified' });
    expect(p.phase).toBe('closed');
    expect(p.taskStatus).toEqual({ [T1]: 'in_progress', [T2]: 'blocked' });
  });

  it('counts waiting and sending entries, not refused or applied ones', () => {
    const p = incidentPending(
      [
        entry({ type: 'SetAgencyStatus', agency: 'fire', status: 'en_route' }, { state: 'sending' }),
        entry({ type: 'SetAgencyStatus', agency: 'port', status: 'on_scene' }, { state: 'conflict' }),
        entry({ type: 'ChangePhase', expectedVersion: 3, phase: 'recovery' }, { state: 'failed' }),
        entry({ type: 'ChangeSeverity', expectedVersion: 3, severity: 'I' }, { state: 'applied', appliedSeq: 9 }),
        entry({ type: 'UpdateIncident', expectedVersion: 3, location: 'Berth 4' }, { state: 'conflict' }),
        entry({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'done' }, { state: 'failed' }),
      ],
      INC,
    );
    expect(p).toEqual({ ...NOTHING_PENDING, agencyStatus: { fire: 'en_route' } });
  });

  it('a refused later change does not hide the earlier one still waiting', () => {
    const p = incidentPending(
      [
        entry({ type: 'SetAgencyStatus', agency: 'fire', status: 'en_route' }),
        entry({ type: 'SetAgencyStatus', agency: 'fire', status: 'on_scene' }, { state: 'failed' }),
      ],
      INC,
    );
    expect(p.agencyStatus).toEqual({ fire: 'en_route' });
  });

  it('is about the one incident', () => {
    const p = incidentPending(
      [
        entry({ type: 'SetAgencyStatus', agency: 'fire', status: 'en_route' }, { incidentId: 'inc-2' }),
        entry({ type: 'ChangePhase', expectedVersion: 3, phase: 'recovery' }, { incidentId: 'inc-2' }),
      ],
      INC,
    );
    expect(p).toBe(NOTHING_PENDING);
  });

  it('on a board still catching up, an applied change it has not folded yet stays pending (onBoard)', () => {
    const entries = [entry({ type: 'SetAgencyStatus', agency: 'fire', status: 'on_scene' }, { state: 'applied', appliedSeq: 12 })];
    expect(incidentPending(onBoard(entries, 11), INC).agencyStatus).toEqual({ fire: 'on_scene' });
    expect(incidentPending(onBoard(entries, 12), INC)).toBe(NOTHING_PENDING);
  });
});
