import { describe, expect, it } from 'vitest';
import { buildDemoDrill, runCommand, seededUuid, mulberry32 } from '../../../server/demo/drill';
import { EPIDEMIC_DRILL, WAREHOUSE_FIRE_DRILL } from '../../../server/demo/earlier-drills';
import { nextLiveCommand } from '../../../server/demo/live';
import { LOG_FORMAT, parseIncidentLog } from '../../protocol/export';
import { DEFAULT_AGENCIES } from '../agencies';
import { ErrorCode } from '../errors';
import type { EventBody, IncidentEvent } from './events';
import { replay } from './evolve';
import { commander, fireResponder, INCIDENT_ID, opened, sequence, taskCreated } from './fixtures';
import { logRuleBreak } from './log-rules';

/**
 * SPEC REV5: an imported log is refused when a live incident could not have
 * written it. Every refusal below replays (replay() alone, the check before
 * this one, lets it through) and is refused by parseIncidentLog, naming the seq.
 */

const KNOWN = new Set(DEFAULT_AGENCIES.map((a) => a.code));
const NOW = Date.UTC(2026, 3, 1, 9, 30);
const DRILL_ID = '6f1c2a7e-0d2b-4c9e-9a51-3b7d8e2f4a10';

function jsonl(events: readonly IncidentEvent[]): string {
  const header = {
    format: LOG_FORMAT,
    version: 1,
    exportedAt: NOW,
    exportedBy: { userId: 'u-x', name: 'x', role: 'admin' },
    incidentId: events[0].incidentId,
    headSeq: events.length,
    agencies: [],
  };
  return [header, ...events].map((x) => JSON.stringify(x)).join('\n') + '\n';
}

/** The log of these bodies is refused at `seq` with a message containing `words`. */
function refused(bodies: EventBody[], seq: number, words: string): void {
  const events = sequence(bodies);
  expect(() => replay(events), 'replay() alone accepts it').not.toThrow();
  const broken = logRuleBreak(events);
  expect(broken?.seq, broken?.message).toBe(seq);
  expect(broken?.message).toContain(`seq ${seq}: `);
  expect(broken?.message).toContain(words);
  const r = parseIncidentLog(jsonl(events), KNOWN);
  expect('code' in r && r.code, 'parseIncidentLog refuses it').toBe(ErrorCode.BAD_REQUEST);
  expect('code' in r && r.message).toContain(`Line ${seq + 1}, seq ${seq}: `);
  expect('code' in r && r.message).toContain(words);
  expect('code' in r && r.details).toEqual({ line: seq + 1, seq });
}

function accepted(events: IncidentEvent[]): void {
  expect(logRuleBreak(events)).toBeNull();
  const r = parseIncidentLog(jsonl(events), KNOWN);
  expect('code' in r ? r.message : null).toBeNull();
}

// Ids as live commands make them (uuids: the command schema's, which the import holds every event to).
const T1 = '00000000-0000-4000-8000-0000000000a1';
const M1 = '00000000-0000-4000-8000-0000000000b1';
const M2 = '00000000-0000-4000-8000-0000000000b2';
/** The i-th message id of a long log. */
const mid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const moved = (from: string, to: string, reason: string | null = null, taskId = T1): EventBody =>
  ({ type: 'TaskStatusChanged', payload: { taskId, from, to, reason } }) as EventBody;
const phase = (from: string, to: string): EventBody => ({ type: 'PhaseChanged', payload: { from, to } }) as EventBody;
const message = (messageId: string, toAgency: string | null = null): EventBody => ({
  type: 'MessagePosted',
  payload: { messageId, text: 'Perimeter holding', toAgency, alert: false },
});
const agencyStatus = (agency: string, from: string | null, to: string | null): EventBody =>
  ({ type: 'AgencyStatusChanged', payload: { agency, from, to } }) as EventBody;

describe('logRuleBreak: what a live incident could not have written (REV5)', () => {
  it('REV5/TASK3: a second TaskCreated with the same taskId is refused (it would replace the first)', () => {
    refused([opened(), taskCreated(T1), taskCreated(T1, 'port', 'Other')], 3, `TaskCreated of task ${T1}: A task with this id already exists`);
  });

  it('REV5/TASK1: a task status change the lifecycle does not allow (open → done) is refused', () => {
    refused([opened(), taskCreated(T1), moved('open', 'done')], 3, 'A task cannot go from open to done');
    refused([opened(), taskCreated(T1), moved('open', 'open')], 3, 'A task cannot go from open to open');
  });

  it('REV5/TASK2: blocking, cancelling or reopening without a reason is refused', () => {
    refused([opened(), taskCreated(T1), moved('open', 'cancelled')], 3, 'A reason is required to move a task to cancelled');
    refused([opened(), taskCreated(T1), moved('open', 'cancelled', 'x'), moved('cancelled', 'open', null)], 4, 'A reason is required');
  });

  it('REV5/LIM1: text a live command refuses (empty or blank title, empty reason, blank message, a non-uuid id) is refused', () => {
    const created = (title: string): EventBody => ({ ...taskCreated(T1), payload: { ...(taskCreated(T1).payload as object), title } }) as EventBody;
    refused([opened(), created('')], 2, `TaskCreated of task ${T1}: the event has title '', which a live command may not have`);
    refused([opened(), created('   ')], 2, `the event has title '   ', which a live command may not have`);
    // Text a live command would have trimmed: decide writes it trimmed.
    refused([opened(), created(' Gas detection ')], 2, `the event has title ' Gas detection '; a live command would have written 'Gas detection'`);
    refused([opened(), taskCreated(T1), { type: 'TaskEdited', payload: { taskId: T1, title: { from: 'Gas detection', to: ' ' } } }], 3, `the event has title ' '`);
    refused([opened(), { type: 'IncidentUpdated', payload: { title: { from: 'Hazmat leak, yard block C3', to: '' } } }], 2, `the event has title ''`);
    const o = opened() as Extract<EventBody, { type: 'IncidentOpened' }>;
    refused([{ ...o, payload: { ...o.payload, title: '  ' } }], 1, `IncidentOpened: the event has title '  '`);
    refused([{ ...o, payload: { ...o.payload, agencies: [] } }], 1, 'the event has agencies []');
    refused([opened(), taskCreated(T1), moved('open', 'cancelled', 'x'), moved('cancelled', 'open', '')], 4, `the event has reason ''`);
    refused([opened(), { type: 'SeverityChanged', payload: { from: 'III', to: 'II', reason: ' ' } }], 2, `the event has reason ' '`);
    refused([opened(), { type: 'MessagePosted', payload: { messageId: M1, text: ' ', toAgency: null, alert: false } }], 2, `the event has text ' '`);
    // Ids live commands make: a task or message with another id could never be acted on over the socket.
    refused([opened(), taskCreated('t-1')], 2, `TaskCreated of task t-1: the event has taskId 't-1', which a live command may not have (Invalid UUID)`);
    refused([opened(), message('m-1')], 2, `the event has messageId 'm-1'`);
  });

  it("REV5: a task status `from` that is not the task's status is refused", () => {
    refused([opened(), taskCreated(T1), moved('acknowledged', 'in_progress')], 3, `task ${T1} is 'open', the event says from 'acknowledged'`);
    // Even when the move itself would be allowed from the real status.
    refused([opened(), taskCreated(T1), moved('blocked', 'acknowledged')], 3, `task ${T1} is 'open', the event says from 'blocked'`);
  });

  it('REV5/INC1: a phase, severity or agency status `from` that is not the state is refused', () => {
    refused([opened(), phase('standby', 'containment')], 2, "the phase is 'response', the event says from 'standby'");
    refused([opened(), { type: 'SeverityChanged', payload: { from: 'I', to: 'II', reason: null } }], 2, "the severity is 'III', the event says from 'I'");
    refused([opened(), agencyStatus('fire', 'on_scene', 'en_route')], 2, "agency fire's status is null, the event says from 'on_scene'");
    refused([opened(), agencyStatus('fire', null, 'en_route'), agencyStatus('fire', null, 'on_scene')], 3, "agency fire's status is 'en_route', the event says from null");
  });

  it("REV5/TASK4: an edit's, a reassignment's or an incident update's `from` that is not the state is refused", () => {
    refused(
      [opened(), taskCreated(T1), { type: 'TaskEdited', payload: { taskId: T1, title: { from: 'Something else', to: 'New' } } }],
      3,
      `task ${T1}'s title is 'Gas detection', the event says from 'Something else'`,
    );
    refused(
      [opened(), taskCreated(T1), { type: 'TaskEdited', payload: { taskId: T1, dueAt: { from: 1_790_000_600_000, to: null } } }],
      3,
      `task ${T1}'s dueAt is null, the event says from 1790000600000`,
    );
    refused(
      [opened(), taskCreated(T1), { type: 'TaskReassigned', payload: { taskId: T1, agency: { from: 'port', to: 'customs' }, assignee: { from: null, to: null } } }],
      3,
      `task ${T1}'s agency is 'fire', the event says from 'port'`,
    );
    refused(
      [opened(), taskCreated(T1), { type: 'TaskReassigned', payload: { taskId: T1, agency: { from: 'fire', to: 'customs' }, assignee: { from: 'Team 2', to: null } } }],
      3,
      `task ${T1}'s assignee is null, the event says from 'Team 2'`,
    );
    refused(
      [opened(), { type: 'IncidentUpdated', payload: { agencies: { from: ['fire'], to: ['fire', 'port'] } } }],
      2,
      `the incident's agencies is ["fire","customs","port"], the event says from ["fire"]`,
    );
  });

  it('REV5/TASK4: an edit or reassignment that changes nothing, or a field changed to itself, is refused', () => {
    refused([opened(), taskCreated(T1), { type: 'TaskEdited', payload: { taskId: T1, priority: { from: 'high', to: 'high' } } }], 3, 'Nothing to change');
    refused(
      [opened(), taskCreated(T1), { type: 'TaskEdited', payload: { taskId: T1, priority: { from: 'high', to: 'low' }, location: { from: '', to: '' } } }],
      3,
      'the event has location {"from":"","to":""}, which changes nothing',
    );
    refused(
      [opened(), taskCreated(T1), { type: 'TaskReassigned', payload: { taskId: T1, agency: { from: 'fire', to: 'fire' }, assignee: { from: null, to: null } } }],
      3,
      'Nothing to change',
    );
  });

  it('REV5/TASK3: reassigning a finished task, or to an agency outside the incident, is refused', () => {
    refused(
      [
        opened(),
        taskCreated(T1),
        moved('open', 'cancelled', 'not needed'),
        { type: 'TaskReassigned', payload: { taskId: T1, agency: { from: 'fire', to: 'port' }, assignee: { from: null, to: null } } },
      ],
      4,
      'A finished task cannot be reassigned',
    );
    refused([opened(), taskCreated(T1, 'police')], 2, 'Agency police does not take part in this incident');
  });

  it('REV5/INC1: a phase change out of closed, or to the phase it is in, is refused', () => {
    refused([opened(), phase('response', 'closed'), phase('closed', 'recovery')], 3, 'The incident is closed');
    refused([opened(), phase('response', 'response')], 2, 'Cannot change phase from response to response');
  });

  it('REV5/INC2: events after the incident is closed are refused', () => {
    refused([opened(), taskCreated(T1), phase('response', 'closed'), moved('open', 'acknowledged')], 4, `TaskStatusChanged of task ${T1}: The incident is closed`);
    refused([opened(), phase('response', 'closed'), message(M1)], 3, `MessagePosted (message ${M1}): The incident is closed`);
    refused([opened(), phase('response', 'closed'), agencyStatus('fire', null, 'standing_down')], 3, 'The incident is closed');
    refused([opened(), phase('response', 'closed'), taskCreated(T1)], 3, 'The incident is closed');
  });

  it('REV5/MSG1: a MessagePosted with a messageId already used is refused', () => {
    refused([opened(), message(M1), taskCreated(T1), message(M1, 'fire')], 4, `MessagePosted (message ${M1}): A message with this id already exists`);
  });

  it('REV5/INC3/AGS1: a severity or agency status that does not change is refused', () => {
    refused([opened(), { type: 'SeverityChanged', payload: { from: 'III', to: 'III', reason: null } }], 2, 'Severity is already III');
    refused([opened(), agencyStatus('fire', null, 'en_route'), agencyStatus('fire', 'en_route', 'en_route')], 3, 'Agency status is already en_route');
  });

  it('REV5/INC4: removing an agency that still has active tasks is refused', () => {
    refused([opened(), taskCreated(T1, 'port'), { type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'customs', 'port'], to: ['fire'] } } }], 3, 'Agency still has active tasks: port');
  });

  it('REV5: legitimate logs pass: other actors, agency changes, reassignments, dueAt null, reason null, agency status from null', () => {
    const byCommander = sequence([
      opened(),
      { type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'customs', 'port'], to: ['fire', 'customs', 'port', 'police'] }, title: { from: 'Hazmat leak, yard block C3', to: 'Leak C3' } } },
      { type: 'SeverityChanged', payload: { from: 'III', to: 'II', reason: null } },
      { ...taskCreated(T1), payload: { ...(taskCreated(T1).payload as object), assignee: 'Team 1', dueAt: 1_790_000_600_000 } } as EventBody,
    ]);
    const byFire = sequence(
      [
        { type: 'TaskEdited', payload: { taskId: T1, dueAt: { from: 1_790_000_600_000, to: null } } },
        { type: 'TaskReassigned', payload: { taskId: T1, agency: { from: 'fire', to: 'police' }, assignee: { from: 'Team 1', to: null } } },
        moved('open', 'acknowledged'),
        moved('acknowledged', 'blocked', 'wind'),
        moved('blocked', 'in_progress'),
        moved('in_progress', 'done'),
        moved('done', 'open', 'reading went up again'),
        agencyStatus('fire', null, 'en_route'),
        agencyStatus('fire', 'en_route', 'on_scene'),
        agencyStatus('fire', 'on_scene', null),
        agencyStatus('fire', null, 'standing_down'),
        message(M1, 'fire'),
        // A message to an agency outside the incident (server/exports.test.ts imports one): allowed.
        message(M2, 'maritime'),
        { type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'customs', 'port', 'police'], to: ['fire', 'police'] } } },
        { type: 'TaskReassigned', payload: { taskId: T1, agency: { from: 'police', to: 'fire' }, assignee: { from: null, to: 'Team 4' } } },
        phase('response', 'containment'),
        phase('containment', 'response'),
        { type: 'SeverityChanged', payload: { from: 'II', to: 'III', reason: 'Cloud dispersed' } },
        phase('response', 'closed'),
      ],
      { actor: fireResponder, startSeq: 5 },
    );
    accepted([...byCommander, ...byFire]);
  });

  it('REV5: a task created with assignee "" (as Portline wrote before it became null) passes', () => {
    const t = taskCreated(T1) as Extract<EventBody, { type: 'TaskCreated' }>;
    accepted(sequence([opened(), { ...t, payload: { ...t.payload, assignee: '' } }, moved('open', 'acknowledged')], { actor: commander }));
  });

  it('REV5: what a Portline before 2026-12-08 wrote passes: a finished task\'s due time moved (TASK4), an agency brought back in reporting from the status it left with (AGS1)', () => {
    const agencies = (from: string[], to: string[]) => ({ type: 'IncidentUpdated', payload: { agencies: { from, to } } }) as EventBody;
    const dueMoved = { type: 'TaskEdited', payload: { taskId: T1, dueAt: { from: null, to: Date.UTC(2026, 2, 1, 3) } } } as EventBody;
    const old = sequence([
      opened(['fire', 'customs', 'port']),
      taskCreated(T1),
      moved('open', 'acknowledged'),
      moved('acknowledged', 'in_progress'),
      moved('in_progress', 'done'),
      dueMoved,
      agencyStatus('customs', null, 'on_scene'),
      agencyStatus('customs', 'on_scene', 'standing_down'),
      agencies(['fire', 'customs', 'port'], ['fire', 'port']),
      agencies(['fire', 'port'], ['fire', 'port', 'customs']),
      agencyStatus('customs', 'standing_down', 'en_route'),
    ]);
    accepted(old);
    // Today's report of an agency brought back: from nothing; from another status than it left with: refused.
    accepted(sequence([...old.slice(0, 10).map((e) => ({ type: e.type, payload: e.payload }) as EventBody), agencyStatus('customs', null, 'en_route')]));
    refused(
      [...old.slice(0, 10).map((e) => ({ type: e.type, payload: e.payload }) as EventBody), agencyStatus('customs', 'on_scene', 'en_route')],
      11,
      "agency customs's status",
    );
  });

  it('REV5: the demo drills, as seeded and then run live, pass (nothing the product writes is refused)', () => {
    const a = buildDemoDrill({ now: NOW, incidentId: DRILL_ID });
    accepted(a.events);
    for (const [i, scenario] of [EPIDEMIC_DRILL, WAREHOUSE_FIRE_DRILL].entries()) {
      const id = `6f1c2a7e-0d2b-4c9e-9a51-3b7d8e2f4a1${i + 1}`;
      const closed = buildDemoDrill({ now: NOW, incidentId: id, scenario, endAt: NOW - (i + 1) * 86_400_000 });
      expect(closed.state.phase).toBe('closed');
      accepted(closed.events);
    }
    // Scenario A, then 400 live-mode commands through authorise + decide + the reducer.
    const rng = mulberry32(7);
    let state = a.state;
    let now = NOW;
    const events = [...a.events];
    for (let i = 0; i < 400; i++) {
      now += 3_500;
      const next = nextLiveCommand(state, rng, 'en', now);
      const r = runCommand(state, a.actors[next.by], next.command, { incidentId: DRILL_ID, commandId: `c${i}`, ts: now, eventId: () => seededUuid(rng) });
      state = r.state;
      events.push(...r.events);
    }
    accepted(events);
  });

  it('REV5: a long log is checked in one pass (100,000 events)', () => {
    const bodies: EventBody[] = [opened()];
    for (let i = 2; i <= 100_000; i++) bodies.push(message(mid(i), i % 3 === 0 ? 'fire' : null));
    const events = sequence(bodies, { incidentId: INCIDENT_ID });
    const t0 = performance.now();
    expect(logRuleBreak(events)).toBeNull();
    console.log(`[REV5] logRuleBreak over 100,000 events: ${Math.round(performance.now() - t0)} ms`);
  });
});
