import { describe, expect, it } from 'vitest';
import type { IncidentCommandInput } from '../domain/incident/commands';
import { boardPending, incidentPending, NOTHING_ON_BOARD, NOTHING_PENDING, pendingByTask, pendingNewTasks } from './incident-pending';
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

const ids = (list: readonly OutboxEntry[] | undefined) => list?.map((e) => e.commandId);

describe('pendingByTask', () => {
  it("groups each task's waiting changes, oldest first (queue order, not array order)", () => {
    const late = entry({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'done' }, { order: 30 });
    const t2 = entry({ type: 'ReassignTask', taskId: T2, expectedVersion: 2, agency: 'port', assignee: null }, { order: 20 });
    const early = entry({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'acknowledged' }, { order: 10 });
    const edit = entry({ type: 'EditTask', taskId: T1, expectedVersion: 2, title: 'new title' }, { order: 25, state: 'sending' });
    const byTask = pendingByTask([late, t2, early, edit], INC);
    expect([...byTask.keys()].sort()).toEqual([T1, T2]);
    expect(ids(byTask.get(T1))).toEqual([early.commandId, edit.commandId, late.commandId]);
    expect(ids(byTask.get(T2))).toEqual([t2.commandId]);
  });

  it('leaves out new tasks, refused and applied changes, other incidents and commands about no task', () => {
    const kept = entry({ type: 'EditTask', taskId: T1, expectedVersion: 2, title: 'kept' });
    const byTask = pendingByTask(
      [
        entry({ type: 'CreateTask', taskId: T1, title: 'x', agency: 'fire' }),
        entry({ type: 'CreateTask', taskId: T2, title: 'y', agency: 'fire' }),
        entry({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'done' }, { state: 'failed' }),
        entry({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'done' }, { state: 'conflict' }),
        entry({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'done' }, { state: 'applied', appliedSeq: 9 }),
        entry({ type: 'ChangeTaskStatus', taskId: T2, expectedVersion: 2, to: 'done' }, { incidentId: 'inc-2' }),
        entry({ type: 'SetAgencyStatus', agency: 'fire', status: 'en_route' }),
        entry({ type: 'PostMessage', messageId: 'm-1', text: 'hi' }),
        kept,
      ],
      INC,
    );
    expect([...byTask.keys()]).toEqual([T1]);
    expect(ids(byTask.get(T1))).toEqual([kept.commandId]);
  });

  it('is one empty map when nothing waits', () => {
    expect(pendingByTask([], INC).size).toBe(0);
    expect(pendingByTask([], INC)).toBe(pendingByTask([entry({ type: 'CreateTask', taskId: T1, title: 'x', agency: 'fire' })], INC));
  });
});

describe('pendingNewTasks', () => {
  it("groups the waiting new tasks by their lane's agency, oldest first, of this incident only", () => {
    const fire2 = entry({ type: 'CreateTask', taskId: T2, title: 'second', agency: 'fire' }, { order: 20 });
    const port = entry({ type: 'CreateTask', taskId: 'task-p', title: 'port', agency: 'port' }, { order: 15 });
    const fire1 = entry({ type: 'CreateTask', taskId: T1, title: 'first', agency: 'fire' }, { order: 10 });
    const byAgency = pendingNewTasks(
      [
        fire2,
        port,
        fire1,
        entry({ type: 'CreateTask', taskId: 'task-x', title: 'other incident', agency: 'fire' }, { incidentId: 'inc-2' }),
        entry({ type: 'CreateTask', taskId: 'task-y', title: 'refused', agency: 'fire' }, { state: 'failed' }),
        entry({ type: 'EditTask', taskId: T1, expectedVersion: 1, title: 'an edit' }),
      ],
      INC,
    );
    expect([...byAgency.keys()].sort()).toEqual(['fire', 'port']);
    expect(ids(byAgency.get('fire'))).toEqual([fire1.commandId, fire2.commandId]);
    expect(ids(byAgency.get('port'))).toEqual([port.commandId]);
  });
});

describe('boardPending', () => {
  it("is one value when nothing of this incident waits (a replay's board: no outbox)", () => {
    expect(boardPending([], INC)).toBe(NOTHING_ON_BOARD);
    expect(
      boardPending(
        [
          entry({ type: 'ChangePhase', expectedVersion: 3, phase: 'recovery' }, { incidentId: 'inc-2' }),
          entry({ type: 'EditTask', taskId: T1, expectedVersion: 2, title: 'x' }, { state: 'conflict' }),
        ],
        INC,
      ),
    ).toBe(NOTHING_ON_BOARD);
  });

  it('is what incidentPending, pendingByTask and pendingNewTasks each say', () => {
    const entries = [
      entry({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'in_progress' }, { order: 12 }),
      entry({ type: 'CreateTask', taskId: T2, title: 'new', agency: 'port' }, { order: 11 }),
      entry({ type: 'SetAgencyStatus', agency: 'fire', status: 'on_scene' }, { order: 13 }),
      entry({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'blocked' }, { order: 5, incidentId: 'inc-2' }),
    ];
    const p = boardPending(entries, INC);
    expect(p.incident).toEqual(incidentPending(entries, INC));
    expect(p.byTask).toEqual(pendingByTask(entries, INC));
    expect(p.newTasks).toEqual(pendingNewTasks(entries, INC));
    expect(p.incident.taskStatus).toEqual({ [T1]: 'in_progress' });
  });
});
