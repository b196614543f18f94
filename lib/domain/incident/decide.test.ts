import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors';
import type { IncidentCommand } from './commands';
import { IncidentCommand as CommandSchema } from './commands';
import { decide } from './decide';
import type { EventBody } from './events';
import { applyEvents, replay } from './evolve';
import { opened, sequence, taskCreated } from './fixtures';
import { isOverdue, overdueAt, type IncidentState } from './state';

const T1 = '00000000-0000-4000-8000-0000000000a1';
const ctx = { knownAgencies: new Set(['fire', 'customs', 'port', 'medical', 'maritime', 'border', 'police']) };

/** given events, when command, then events or rejection */
function when(given: EventBody[], input: Record<string, unknown>) {
  const state = given.length ? replay(sequence(given)) : null;
  const cmd = CommandSchema.parse(input) as IncidentCommand;
  return decide(state, cmd, ctx);
}
const status = (to: string, expectedVersion: number, reason?: string) => ({
  type: 'ChangeTaskStatus',
  taskId: T1,
  expectedVersion,
  to,
  ...(reason ? { reason } : {}),
});
const moved = (from: string, to: string, reason: string | null = null): EventBody =>
  ({ type: 'TaskStatusChanged', payload: { taskId: T1, from, to, reason } }) as EventBody;

describe('incident', () => {
  it('SEQ1/INC1: opening an incident gives IncidentOpened, in response by default', () => {
    const d = when([], { type: 'OpenIncident', title: 'Leak', kind: 'drill', scenario: 'hazmat', severity: 'III', agencies: ['fire'] });
    expect(d.ok && d.events[0].type).toBe('IncidentOpened');
    const s = replay(sequence(d.ok ? d.events : []));
    expect(s.phase).toBe('response');
    expect(s.kind).toBe('drill');
  });
  it('INC4: unknown agencies are rejected', () => {
    const d = when([], { type: 'OpenIncident', title: 'x', kind: 'real', scenario: 'fire', severity: 'II', agencies: ['nasa'] });
    expect(!d.ok && d.error.code).toBe(ErrorCode.BAD_REQUEST);
  });
  it('INC1: phases move freely until closed; closed is final', () => {
    expect(when([opened()], { type: 'ChangePhase', expectedVersion: 1, phase: 'containment' }).ok).toBe(true);
    const closed: EventBody = { type: 'PhaseChanged', payload: { from: 'response', to: 'closed' } };
    const d = when([opened(), closed], { type: 'ChangePhase', expectedVersion: 2, phase: 'recovery' });
    expect(!d.ok && d.error.code).toBe(ErrorCode.INCIDENT_CLOSED);
    expect(when([opened()], { type: 'ChangePhase', expectedVersion: 1, phase: 'response' }).ok).toBe(false);
  });
  it('INC2: every command on a closed incident is rejected', () => {
    const closed: EventBody = { type: 'PhaseChanged', payload: { from: 'response', to: 'closed' } };
    const d = when([opened(), closed], { type: 'PostMessage', messageId: T1, text: 'hello' });
    expect(!d.ok && d.error.code).toBe(ErrorCode.INCIDENT_CLOSED);
  });
  it('INC3: a severity change must change it; stale version conflicts (CONC1)', () => {
    expect(when([opened()], { type: 'ChangeSeverity', expectedVersion: 1, severity: 'III' }).ok).toBe(false);
    const ok = when([opened()], { type: 'ChangeSeverity', expectedVersion: 1, severity: 'II', reason: 'vapour cloud at quay' });
    expect(ok.ok && ok.events[0]).toEqual({
      type: 'SeverityChanged',
      payload: { from: 'III', to: 'II', reason: 'vapour cloud at quay' },
    });
    const stale = when([opened(), taskCreated(T1)], { type: 'ChangeSeverity', expectedVersion: 0 + 5, severity: 'II' });
    expect(!stale.ok && stale.error.code).toBe(ErrorCode.CONFLICT);
  });
  it('INC4: an agency with active tasks cannot be removed', () => {
    const d = when([opened(), taskCreated(T1, 'fire')], { type: 'UpdateIncident', expectedVersion: 1, agencies: ['customs', 'port'] });
    expect(!d.ok && d.error.code).toBe(ErrorCode.INVALID_TRANSITION);
    const add = when([opened()], { type: 'UpdateIncident', expectedVersion: 1, agencies: ['fire', 'customs', 'port', 'medical'] });
    expect(add.ok).toBe(true);
  });
});

describe('tasks', () => {
  it('TASK1: open → acknowledged → in_progress → done', () => {
    const given = [opened(), taskCreated(T1)];
    expect(when(given, status('acknowledged', 2)).ok).toBe(true);
    const acked = [...given, moved('open', 'acknowledged')];
    expect(when(acked, status('in_progress', 3)).ok).toBe(true);
    const started = [...acked, moved('acknowledged', 'in_progress')];
    expect(when(started, status('done', 4)).ok).toBe(true);
  });
  it('TASK1: illegal moves are INVALID_TRANSITION', () => {
    const d = when([opened(), taskCreated(T1)], status('done', 2));
    expect(!d.ok && d.error.code).toBe(ErrorCode.INVALID_TRANSITION);
    const b = when([opened(), taskCreated(T1)], status('blocked', 2, 'no foam'));
    expect(!b.ok && b.error.code).toBe(ErrorCode.INVALID_TRANSITION);
  });
  it('TASK1/TASK2: block needs a reason, unblock returns to in progress', () => {
    const given = [opened(), taskCreated(T1), moved('open', 'acknowledged'), moved('acknowledged', 'in_progress')];
    const noReason = when(given, status('blocked', 4));
    expect(!noReason.ok && noReason.error.code).toBe(ErrorCode.BAD_REQUEST);
    expect(when(given, status('blocked', 4, 'Foam supply delayed')).ok).toBe(true);
    const blocked = [...given, moved('in_progress', 'blocked', 'Foam supply delayed')];
    expect(when(blocked, status('in_progress', 5)).ok).toBe(true);
    expect(when(blocked, status('done', 5)).ok).toBe(false);
  });
  it('TASK1/TASK2: cancel and reopen need reasons', () => {
    const given = [opened(), taskCreated(T1)];
    expect(when(given, status('cancelled', 2)).ok).toBe(false);
    expect(when(given, status('cancelled', 2, 'duplicate')).ok).toBe(true);
    const cancelled = [...given, moved('open', 'cancelled', 'duplicate')];
    expect(when(cancelled, status('open', 3)).ok).toBe(false);
    expect(when(cancelled, status('open', 3, 'not a duplicate after all')).ok).toBe(true);
  });
  it('TASK5: a finished task of an agency taken out of the incident cannot be reopened', () => {
    const given = [
      opened(['fire', 'port']),
      taskCreated(T1, 'port'),
      moved('open', 'cancelled', 'not needed'),
      { type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'port'], to: ['fire'] } } } as EventBody,
    ];
    const d = when(given, status('open', 3, 'needed after all'));
    expect(!d.ok && d.error.code).toBe(ErrorCode.INVALID_TRANSITION);
    expect(!d.ok && d.error.message).toMatch(/port no longer takes part/);
    // Brought back into the incident, it can be.
    const back = [...given, { type: 'IncidentUpdated', payload: { agencies: { from: ['fire'], to: ['fire', 'port'] } } } as EventBody];
    expect(when(back, status('open', 3, 'needed after all')).ok).toBe(true);
  });
  it('TASK6: a closed incident\'s tasks are judged overdue at its close, a live one\'s now', () => {
    const events = sequence([opened(), { ...taskCreated(T1), payload: { ...(taskCreated(T1).payload as object), dueAt: 1_790_000_010_000 } } as EventBody]);
    const live = replay(events);
    const task = live.tasks[T1];
    const closeAt = (ts: number) => ({ ...live, phase: 'closed' as const, closedAt: ts });
    const hourLater = 1_790_003_600_000;
    expect(isOverdue(task, overdueAt(live, hourLater))).toBe(true);
    expect(isOverdue(task, overdueAt(closeAt(1_790_000_005_000), hourLater))).toBe(false); // closed before it was due
    expect(isOverdue(task, overdueAt(closeAt(1_790_000_020_000), hourLater))).toBe(true); // closed after
  });
  it('CONC1: a stale task version is a CONFLICT with the current version', () => {
    const given = [opened(), taskCreated(T1), moved('open', 'acknowledged')];
    const d = when(given, status('in_progress', 2));
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.error.code).toBe(ErrorCode.CONFLICT);
      expect(d.error.details).toEqual({ currentVersion: 3 });
    }
  });
  it('TASK3: tasks belong to participating agencies; reassignment moves them', () => {
    const d = when([opened()], { type: 'CreateTask', taskId: T1, title: 'x', agency: 'medical' });
    expect(!d.ok && d.error.code).toBe(ErrorCode.BAD_REQUEST);
    const r = when([opened(), taskCreated(T1)], { type: 'ReassignTask', taskId: T1, expectedVersion: 2, agency: 'customs', assignee: 'Zhang' });
    expect(r.ok && r.events[0]).toEqual({
      type: 'TaskReassigned',
      payload: { taskId: T1, agency: { from: 'fire', to: 'customs' }, assignee: { from: null, to: 'Zhang' } },
    });
  });
  it('TASK4: an edit that changes nothing is rejected; a real edit records old → new', () => {
    const same = when([opened(), taskCreated(T1)], { type: 'EditTask', taskId: T1, expectedVersion: 2, title: 'Gas detection' });
    expect(!same.ok && same.error.code).toBe(ErrorCode.BAD_REQUEST);
    const edit = when([opened(), taskCreated(T1)], { type: 'EditTask', taskId: T1, expectedVersion: 2, priority: 'urgent' });
    expect(edit.ok && edit.events[0].payload).toEqual({ taskId: T1, priority: { from: 'high', to: 'urgent' } });
  });
  it('NOT_FOUND for an unknown task, ALREADY_EXISTS for a reused id', () => {
    expect(when([opened()], status('acknowledged', 1)).ok).toBe(false);
    const dup = when([opened(), taskCreated(T1)], { type: 'CreateTask', taskId: T1, title: 'again', agency: 'fire' });
    expect(!dup.ok && dup.error.code).toBe(ErrorCode.ALREADY_EXISTS);
  });
});

describe('messages and agency status', () => {
  it('MSG1: a message goes to all or to one participating agency, optionally as an alert', () => {
    const d = when([opened()], { type: 'PostMessage', messageId: T1, text: 'Wind from the north-east, 4 m/s', alert: true });
    expect(d.ok && d.events[0].payload).toMatchObject({ toAgency: null, alert: true });
    const bad = when([opened()], { type: 'PostMessage', messageId: T1, text: 'x', toAgency: 'medical' });
    expect(bad.ok).toBe(false);
  });
  it('AGS1: agency status must change', () => {
    expect(when([opened()], { type: 'SetAgencyStatus', agency: 'fire', status: 'en_route' }).ok).toBe(true);
    const given = [opened(), { type: 'AgencyStatusChanged', payload: { agency: 'fire', from: null, to: 'en_route' } } as EventBody];
    expect(when(given, { type: 'SetAgencyStatus', agency: 'fire', status: 'en_route' }).ok).toBe(false);
  });
  it('AGS1: an agency taken out keeps its last status; brought back in, it starts unreported (its "standing down" was not a report on this call-in)', () => {
    const medical = (to: string, from: string | null) => ({ type: 'AgencyStatusChanged', payload: { agency: 'medical', from, to } }) as EventBody;
    const agencies = (from: string[], to: string[]) => ({ type: 'IncidentUpdated', payload: { agencies: { from, to } } }) as EventBody;
    const given = [opened(['fire', 'medical']), medical('on_scene', null), medical('standing_down', 'on_scene'), agencies(['fire', 'medical'], ['fire'])];
    expect(replay(sequence(given)).agencyStatus.medical?.status).toBe('standing_down');
    const back = replay(sequence([...given, agencies(['fire'], ['fire', 'medical'])]));
    expect(back.agencyStatus.medical).toBeUndefined();
    expect(back.agencies).toEqual(['fire', 'medical']);
    // Its first report after the call-in is a change.
    expect(when([...given, agencies(['fire'], ['fire', 'medical'])], { type: 'SetAgencyStatus', agency: 'medical', status: 'standing_down' }).ok).toBe(true);
  });
});

describe('due times', () => {
  it('TASK4/REV2: a finished task keeps the due time it was judged against: changing it is INVALID_TRANSITION until it is reopened; its other fields may still be corrected', () => {
    const due = Date.UTC(2026, 11, 8, 9, 30);
    const done = [opened(), taskCreated(T1), moved('open', 'acknowledged'), moved('acknowledged', 'in_progress'), moved('in_progress', 'done')];
    const later = when(done, { type: 'EditTask', taskId: T1, expectedVersion: 5, dueAt: due + 3_600_000 });
    expect(!later.ok && later.error.code).toBe(ErrorCode.INVALID_TRANSITION);
    expect(when(done, { type: 'EditTask', taskId: T1, expectedVersion: 5, title: 'Stop crane work at berth 4 (corrected)' }).ok).toBe(true);
    const cancelled = [opened(), taskCreated(T1), moved('open', 'cancelled', 'Not needed')];
    expect(when(cancelled, { type: 'EditTask', taskId: T1, expectedVersion: 3, dueAt: due }).ok).toBe(false);
    // Open or under way: moved as the work needs.
    expect(when([opened(), taskCreated(T1)], { type: 'EditTask', taskId: T1, expectedVersion: 2, dueAt: due }).ok).toBe(true);
  });
});

describe('limits', () => {
  it('LIM1: titles over 200, messages over 4000, reasons over 500 characters fail the schema', () => {
    expect(CommandSchema.safeParse({ type: 'CreateTask', taskId: T1, title: 'x'.repeat(201), agency: 'fire' }).success).toBe(false);
    expect(CommandSchema.safeParse({ type: 'CreateTask', taskId: T1, title: 'x'.repeat(200), agency: 'fire' }).success).toBe(true);
    expect(CommandSchema.safeParse({ type: 'PostMessage', messageId: T1, text: 'x'.repeat(4001) }).success).toBe(false);
    expect(CommandSchema.safeParse(status('blocked', 2, 'x'.repeat(501))).success).toBe(false);
    expect(CommandSchema.safeParse({ type: 'CreateTask', taskId: T1, title: 'x', agency: 'fire', extra: 1 }).success).toBe(false);
  });
});

describe('state', () => {
  it('STATE1: one batch and one event at a time give the same state', () => {
    const events = sequence([opened(), taskCreated(T1), moved('open', 'acknowledged'), { type: 'MessagePosted', payload: { messageId: T1, text: 'hi', toAgency: null, alert: false } }]);
    let oneByOne = null;
    for (const e of events) oneByOne = applyEvents(oneByOne, [e]);
    expect(oneByOne).toEqual(applyEvents(null, events));
  });
  it('STATE2: applying never modifies the input state', () => {
    const base = replay(sequence([opened(), taskCreated(T1)]));
    const frozen = JSON.stringify(base);
    const next = applyEvents(base, sequence([moved('open', 'acknowledged')], { startSeq: 3 }));
    expect(JSON.stringify(base)).toBe(frozen);
    expect(next?.tasks[T1].status).toBe('acknowledged');
    expect(base.tasks[T1].status).toBe('open');
  });
  it('STATE1/STATE2: a handed-over state gives the same result, its containers written in place instead of copied', () => {
    const T2 = '00000000-0000-4000-8000-0000000000a2';
    const events = sequence([
      opened(),
      taskCreated(T1),
      moved('open', 'acknowledged'),
      { type: 'MessagePosted', payload: { messageId: T1, text: 'hi', toAgency: null, alert: false } },
      { type: 'AgencyStatusChanged', payload: { agency: 'fire', from: null, to: 'en_route' } },
      taskCreated(T2, 'customs'),
      { type: 'AgencyStatusChanged', payload: { agency: 'fire', from: 'en_route', to: null } },
    ] as EventBody[]);
    let copied = null;
    let handed = null;
    for (const e of events) {
      copied = applyEvents(copied, [e]);
      const before = handed;
      handed = applyEvents(handed, [e], { handOver: true });
      expect(handed, 'a new top-level object each time, as without handOver').not.toBe(before);
    }
    expect(handed).toEqual(copied);
    expect(handed).toEqual(applyEvents(null, events));
    // In place: the handed-over state's task map is the very one the result holds.
    const base = handed!;
    const next = applyEvents(base, sequence([moved('acknowledged', 'in_progress')], { startSeq: 8 }), { handOver: true })!;
    expect(next.tasks).toBe(base.tasks);
    expect(next.tasks[T1].status).toBe('in_progress');
    expect(next.seq).toBe(8);
    expect(base.seq, 'the top-level object is still copied').toBe(7);
  });
  it('MSG1: a reused message id is refused however long the list, also after messages were appended in place', () => {
    const posted = (id: string): EventBody => ({ type: 'MessagePosted', payload: { messageId: id, text: 'x', toAgency: null, alert: false } });
    const ids = Array.from({ length: 300 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    let state = applyEvents(null, sequence([opened(), ...ids.slice(0, 200).map(posted)]))!;
    const post = (id: string) => decide(state, CommandSchema.parse({ type: 'PostMessage', messageId: id, text: 'y', toAgency: null, alert: false }) as IncidentCommand, ctx);
    expect(post(ids[150])).toMatchObject({ ok: false, error: { code: ErrorCode.ALREADY_EXISTS } });
    expect(post(ids[250]).ok).toBe(true);
    // The same message list grows in place (as on a server hub): the index follows it.
    state = applyEvents(state, sequence(ids.slice(200).map(posted), { startSeq: 202 }), { handOver: true })!;
    expect(post(ids[250])).toMatchObject({ ok: false, error: { code: ErrorCode.ALREADY_EXISTS } });
    expect(post(ids[299])).toMatchObject({ ok: false, error: { code: ErrorCode.ALREADY_EXISTS } });
    expect(post('00000000-0000-4000-8000-999999999999').ok).toBe(true);
  });
  it('MSG1: a message list the reducer copied (a state someone else holds) keeps the ids noted for the one it was copied from: the next PostMessage reads none of the messages before', () => {
    const posted = (id: string): EventBody => ({ type: 'MessagePosted', payload: { messageId: id, text: 'x', toAgency: null, alert: false } });
    const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const post = (state: IncidentState, messageId: string) =>
      decide(state, CommandSchema.parse({ type: 'PostMessage', messageId, text: 'y', toAgency: null, alert: false }) as IncidentCommand, ctx);
    const base = applyEvents(null, sequence([opened(), ...Array.from({ length: 2000 }, (_, i) => posted(id(i)))]))!;
    expect(post(base, id(5))).toMatchObject({ ok: false, error: { code: ErrorCode.ALREADY_EXISTS } }); // noted once
    // From here on, count every read of an earlier message's id.
    let reads = 0;
    for (const m of base.messages) {
      const value = m.id;
      Object.defineProperty(m, 'id', { enumerable: true, configurable: true, get: () => (reads++, value) });
    }
    // Two states made from it without handing it over: each copies the list, and each grows its own.
    const a = applyEvents(base, sequence([posted(id(5000))], { startSeq: 2002 }))!;
    const b = applyEvents(base, sequence([posted(id(6000)), posted(id(6001))], { startSeq: 2002 }))!;
    expect(a.messages).not.toBe(base.messages);
    expect(post(a, id(7000)).ok).toBe(true);
    expect(post(b, id(7000)).ok).toBe(true);
    expect(reads, 'a new id: no earlier message looked at').toBe(0);
    expect(post(a, id(1999))).toMatchObject({ ok: false, error: { code: ErrorCode.ALREADY_EXISTS } });
    expect(reads, 'a reused id: only the message that has it').toBe(1);
    // Each list has what was appended to it, not what its sibling or the one it came from got.
    expect(post(a, id(5000))).toMatchObject({ ok: false, error: { code: ErrorCode.ALREADY_EXISTS } });
    expect(post(b, id(5000)).ok).toBe(true);
    expect(post(base, id(5000)).ok).toBe(true);
    expect(post(b, id(6001))).toMatchObject({ ok: false, error: { code: ErrorCode.ALREADY_EXISTS } });
    expect(post(a, id(6001)).ok).toBe(true);
    expect(base.messages).toHaveLength(2000);
    // A copy of a copy, and a state grown in place from that (handOver), still see every id.
    const c = applyEvents(a, sequence([posted(id(8000))], { startSeq: 2003 }))!;
    const d = applyEvents(c, sequence([posted(id(8001))], { startSeq: 2004 }), { handOver: true })!;
    for (const s of [c, d]) for (const i of [0, 1999, 5000, 8000]) expect(post(s, id(i)).ok, `id ${i}`).toBe(false);
    expect(post(d, id(8001)).ok).toBe(false);
    expect(post(d, id(6000)).ok).toBe(true);
    expect(reads).toBeLessThan(20);
  });
  it('SYNC2: applying out of order throws (callers fill gaps first)', () => {
    const base = replay(sequence([opened()]));
    expect(() => applyEvents(base, sequence([taskCreated(T1)], { startSeq: 3 }))).toThrow();
  });
});
