import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import type { EventBody, IncidentEvent } from '../incident/events';
import { commander, fireResponder, INCIDENT_ID, opened, taskCreated } from '../incident/fixtures';
import type { AgencyStatus, TaskStatus } from '../incident/vocabulary';
import { computeMetrics, durationStats, MetricsAccumulator } from './metrics';
import { applyEvents } from '../incident/evolve';

/**
 * SPEC REV2: metrics of a scenario whose every timing is known, asserted to the second.
 * Times below are seconds after the incident opened (T0).
 */
const T0 = Date.UTC(2026, 2, 1, 2, 0, 0);
const S = 1000;
const customsLiaison: Actor = { userId: 'u-cus', name: 'Chen (Customs)', agency: 'customs', role: 'liaison' };
const portLiaison: Actor = { userId: 'u-port', name: 'Liu (Port)', agency: 'port', role: 'liaison' };

type Step = [seconds: number, body: EventBody, actor?: Actor];

function log(steps: Step[]): IncidentEvent[] {
  return steps.map(
    ([sec, body, actor], i) =>
      ({
        ...body,
        incidentId: INCIDENT_ID,
        id: `ev-${i + 1}`,
        seq: i + 1,
        ts: T0 + sec * S,
        actor: actor ?? commander,
        commandId: `cmd-${i + 1}`,
      }) as IncidentEvent,
  );
}

const T = (n: number) => `00000000-0000-4000-8000-00000000010${n}`;
const status = (n: number, from: TaskStatus, to: TaskStatus, reason: string | null = null): EventBody => ({
  type: 'TaskStatusChanged',
  payload: { taskId: T(n), from, to, reason },
});
const agencyStatus = (agency: string, from: AgencyStatus | null, to: AgencyStatus | null): EventBody => ({
  type: 'AgencyStatusChanged',
  payload: { agency, from, to },
});
const due = (body: EventBody, dueSec: number): EventBody => {
  if (body.type !== 'TaskCreated') throw new Error('not a task');
  return { ...body, payload: { ...body.payload, dueAt: T0 + dueSec * S } };
};
const msg = (text: string, alert = false): EventBody => ({
  type: 'MessagePosted',
  payload: { messageId: `m-${text}`, text, toAgency: null, alert },
});

const SCENARIO: Step[] = [
  [0, opened(['fire', 'customs', 'port'])],
  [30, agencyStatus('fire', null, 'notified')],
  [60, due(taskCreated(T(1), 'fire', 'Gas detection'), 600)],
  [90, due(taskCreated(T(2), 'customs', 'Check manifest'), 300)],
  [120, taskCreated(T(3), 'fire', 'Zones')],
  [150, agencyStatus('fire', 'notified', 'en_route'), fireResponder],
  [180, status(1, 'open', 'acknowledged'), fireResponder],
  [200, msg('fire on the way'), fireResponder],
  [240, status(1, 'acknowledged', 'in_progress'), fireResponder],
  [300, status(2, 'open', 'acknowledged'), customsLiaison],
  [330, status(3, 'open', 'acknowledged'), fireResponder],
  [400, status(3, 'acknowledged', 'blocked', 'no kit'), fireResponder],
  [420, { type: 'PhaseChanged', payload: { from: 'response', to: 'containment' } }],
  [450, agencyStatus('fire', 'en_route', 'on_scene'), fireResponder],
  [500, status(1, 'in_progress', 'blocked', 'wind'), fireResponder],
  [560, status(1, 'blocked', 'in_progress'), fireResponder],
  [600, status(3, 'blocked', 'in_progress'), fireResponder],
  [660, { type: 'SeverityChanged', payload: { from: 'III', to: 'II', reason: 'vapour cloud' } }],
  [700, status(1, 'in_progress', 'done'), fireResponder],
  [720, msg('UN1993', true), customsLiaison],
  [750, { type: 'TaskReassigned', payload: { taskId: T(2), agency: { from: 'customs', to: 'port' }, assignee: { from: null, to: null } } }],
  [800, status(2, 'acknowledged', 'in_progress'), portLiaison],
  [900, status(3, 'in_progress', 'done'), fireResponder],
  [960, due(taskCreated(T(4), 'port', 'Empty boxes'), 1200)],
  [1000, status(4, 'open', 'cancelled', 'not needed'), portLiaison],
  [1100, due(taskCreated(T(5), 'fire', 'Adjacent boxes'), 1150)],
  [1140, status(5, 'open', 'acknowledged'), fireResponder],
  [1200, { type: 'PhaseChanged', payload: { from: 'containment', to: 'recovery' } }],
];
const NOW = T0 + 1500 * S;

describe('SPEC REV2 metrics of a seeded scenario with known timings', () => {
  const m = computeMetrics(log(SCENARIO), NOW);
  const task = (n: number) => m.tasks.find((t) => t.taskId === T(n))!;
  const agency = (code: string) => m.agencies.find((a) => a.agency === code)!;
  const sec = (ms: number | null) => (ms === null ? null : ms / S);

  it('REV2 per incident: span, phases from opening, severities, counts (to the second)', () => {
    expect(m.end).toBe(NOW);
    expect(sec(m.span)).toBe(1500);
    expect(m.phases.map((p) => [p.phase, sec(p.sinceOpen)])).toEqual([
      ['response', 0],
      ['containment', 420],
      ['recovery', 1200],
    ]);
    expect(m.firstPhase).toEqual({ standby: null, response: 0, containment: 420 * S, recovery: 1200 * S, closed: null });
    expect(m.severities.map((s) => [s.from, s.to, sec(s.sinceOpen)])).toEqual([
      [null, 'III', 0],
      ['III', 'II', 660],
    ]);
    expect(m.counts).toEqual({ events: SCENARIO.length, tasks: 5, done: 2, cancelled: 1, active: 2, overdue: 3, messages: 2, alerts: 1 });
  });

  it('REV2 per task: to acknowledge, in progress, end; blocked; overdue and by how much', () => {
    const rows = [1, 2, 3, 4, 5].map((n) => {
      const t = task(n);
      return [t.agency, t.status, sec(t.toAcknowledge), sec(t.toInProgress), sec(t.toEnd), sec(t.blocked), t.overdue, sec(t.overdueBy)];
    });
    expect(rows).toEqual([
      ['fire', 'done', 120, 180, 640, 60, true, 100],
      ['port', 'in_progress', 210, 710, null, 0, true, 1200],
      ['fire', 'done', 210, 480, 780, 200, false, 0],
      ['port', 'cancelled', null, null, 40, 0, false, 0],
      ['fire', 'acknowledged', 40, null, null, 0, true, 350],
    ]);
    expect(task(2).holders.map((h) => [h.agency, sec(h.from - T0)])).toEqual([
      ['customs', 90],
      ['port', 750],
    ]);
    expect(task(1).segments.map((s) => [s.status, sec(s.from - T0), sec(s.to - T0)])).toEqual([
      ['open', 60, 180],
      ['acknowledged', 180, 240],
      ['in_progress', 240, 500],
      ['blocked', 500, 560],
      ['in_progress', 560, 700],
      ['done', 700, 1500],
    ]);
  });

  it('REV2 per agency: tasks, median / p90 / max to acknowledge and complete, overdue, messages, status changes', () => {
    const fire = agency('fire');
    expect([fire.tasks, fire.done, fire.cancelled, fire.active, fire.overdue]).toEqual([3, 2, 0, 1, 2]);
    expect(fire.acknowledge).toEqual({ n: 3, median: 120 * S, p90: 210 * S, max: 210 * S, received: 3 });
    expect(fire.complete).toEqual({ n: 2, median: 710 * S, p90: 780 * S, max: 780 * S });
    expect([fire.messagesSent, fire.alertsSent]).toEqual([1, 0]);
    expect(fire.statusChanges.map((s) => [s.status, sec(s.sinceOpen)])).toEqual([
      ['notified', 30],
      ['en_route', 150],
      ['on_scene', 450],
    ]);
    expect(fire.firstStatus).toEqual({ notified: 30 * S, en_route: 150 * S, on_scene: 450 * S, standing_down: null });
    expect(fire.notifiedOn).toBe('status');
    expect([sec(fire.notifiedToEnRoute), sec(fire.enRouteToOnScene), sec(fire.onSceneToStandingDown)]).toEqual([120, 300, null]);

    // Task 2 went from customs to port at 750 s, after customs acknowledged it (300 s) and after it fell
    // due (300 s): the acknowledgement and the overdue count are customs', port held no task to acknowledge.
    const customs = agency('customs');
    expect([customs.tasks, customs.overdue, customs.messagesSent, customs.alertsSent]).toEqual([0, 1, 1, 1]);
    expect(customs.acknowledge).toEqual({ n: 1, median: 210 * S, p90: 210 * S, max: 210 * S, received: 1 });

    const port = agency('port');
    expect([port.tasks, port.done, port.cancelled, port.active, port.overdue, port.messagesSent]).toEqual([2, 0, 1, 1, 0, 0]);
    // Task 4 reached port open and was cancelled unacknowledged 40 s later: under a minute, no chance
    // to acknowledge, so no miss (received 0).
    expect(port.acknowledge).toEqual({ n: 0, median: null, p90: null, max: null, received: 0 });
    expect(port.complete.n).toBe(0);
    expect(m.agencies.map((a) => a.agency)).toEqual(['fire', 'customs', 'port']);
  });

  it('REV2 key events for the report: phases, severities, alerts, arrivals, blocks and tasks falling overdue', () => {
    expect(m.keyEvents.map((k) => [k.kind, sec(k.sinceOpen), 'agency' in k ? k.agency : 'phase' in k ? k.phase : 'to' in k ? k.to : null])).toEqual([
      ['overdue', 300, 'customs'],
      ['blocked', 400, 'fire'],
      ['phase', 420, 'containment'],
      ['arrived', 450, 'fire'],
      ['blocked', 500, 'fire'],
      ['overdue', 600, 'fire'],
      ['severity', 660, 'II'],
      ['alert', 720, 'customs'],
      ['overdue', 1150, 'fire'],
      ['phase', 1200, 'recovery'],
    ]);
    expect(m.keyEventsLeftOut).toBe(0);
  });

  it('REV2 a closed incident ends at its close: open work is overdue up to then, not up to now', () => {
    const closed = computeMetrics(
      log([...SCENARIO, [1300, { type: 'PhaseChanged', payload: { from: 'recovery', to: 'closed' } }]]),
      T0 + 99_999 * S,
    );
    expect(sec(closed.span)).toBe(1300);
    expect(closed.firstPhase.closed).toBe(1300 * S);
    const byId = (n: number) => closed.tasks.find((t) => t.taskId === T(n))!;
    expect([sec(byId(2).overdueBy), sec(byId(5).overdueBy)]).toEqual([1000, 150]);
  });

  it('REV2 notified, where no one set it, is when the agency was brought into the incident, marked so; en route is measured from it', () => {
    const m2 = computeMetrics(
      log([
        ...SCENARIO,
        [1250, { type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'customs', 'port'], to: ['fire', 'customs', 'port', 'medical'] } } }],
        [1400, agencyStatus('medical', null, 'en_route')],
        [1450, agencyStatus('port', null, 'on_scene'), portLiaison],
      ]),
      NOW,
    );
    const of = (code: string) => m2.agencies.find((a) => a.agency === code)!;
    expect([of('fire').notifiedOn, sec(of('fire').firstStatus.notified)]).toEqual(['status', 30]);
    expect([of('port').notifiedOn, sec(of('port').firstStatus.notified), sec(of('port').notifiedToEnRoute)]).toEqual(['added', 0, null]);
    expect([of('medical').notifiedOn, sec(of('medical').firstStatus.notified), sec(of('medical').notifiedToEnRoute)]).toEqual(['added', 1250, 150]);
    // The status changes themselves are only those set.
    expect(of('medical').statusChanges.map((s) => s.status)).toEqual(['en_route']);
  });

  it('REV2 a reopened task ends at its last finish; a block still running counts up to the end', () => {
    const m2 = computeMetrics(
      log([
        [0, opened(['fire'])],
        [10, due(taskCreated(T(1), 'fire'), 100)],
        [20, status(1, 'open', 'acknowledged'), fireResponder],
        [30, status(1, 'acknowledged', 'in_progress'), fireResponder],
        [40, status(1, 'in_progress', 'done'), fireResponder],
        [50, status(1, 'done', 'open', 'leak again'), commander],
        [60, status(1, 'open', 'acknowledged'), fireResponder],
        [70, status(1, 'acknowledged', 'in_progress'), fireResponder],
        [160, status(1, 'in_progress', 'done'), fireResponder],
        [170, taskCreated(T(2), 'fire')],
        [180, status(2, 'open', 'acknowledged'), fireResponder],
        [190, status(2, 'acknowledged', 'blocked', 'kit'), fireResponder],
      ]),
      T0 + 400 * S,
    );
    const [t1, t2] = m2.tasks;
    expect([sec(t1.toAcknowledge), sec(t1.toInProgress), sec(t1.toEnd), sec(t1.overdueBy)]).toEqual([10, 20, 150, 60]);
    expect(sec(t2.blocked)).toBe(210);
  });

  it('REV2 a reassigned task counts per holding: each holder acknowledges from when it got the task, completes from its last holding; overdue is the holder at the due time', () => {
    const fireReassign = (n: number, from: string, to: string, at: number): Step => [
      at,
      { type: 'TaskReassigned', payload: { taskId: T(n), agency: { from, to }, assignee: { from: null, to: null } } },
    ];
    const m2 = computeMetrics(
      log([
        [0, opened(['fire', 'customs', 'port'])],
        [60, due(taskCreated(T(1), 'customs', 'Identify substance'), 960)],
        [100, taskCreated(T(2), 'fire', 'Water curtain')],
        [200, taskCreated(T(3), 'port', 'Stop cranes')],
        [210, status(3, 'open', 'acknowledged'), portLiaison],
        [220, status(3, 'acknowledged', 'in_progress'), portLiaison],
        [230, status(3, 'in_progress', 'done'), portLiaison],
        [240, status(3, 'done', 'open', 'cranes again'), commander],
        fireReassign(3, 'port', 'fire', 250),
        [300, status(3, 'open', 'acknowledged'), fireResponder],
        [310, status(3, 'acknowledged', 'in_progress'), fireResponder],
        [400, status(3, 'in_progress', 'done'), fireResponder],
        // Due (400 s) before it was created (500 s): the first holder had it at its due time.
        [500, due(taskCreated(T(4), 'port', 'Boom'), 400)],
        fireReassign(4, 'port', 'fire', 600),
        // Customs ignores task 1 for 20 minutes; it goes to fire, which acknowledges 30 s later.
        fireReassign(1, 'customs', 'fire', 1260),
        [1290, status(1, 'open', 'acknowledged'), fireResponder],
        [1300, status(1, 'acknowledged', 'in_progress'), fireResponder],
        [1500, status(1, 'in_progress', 'done'), fireResponder],
        // Customs, holding nothing any more, leaves the incident: it still held a task, so it is listed.
        [1600, { type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'customs', 'port'], to: ['fire', 'port'] } } }],
      ]),
      T0 + 1800 * S,
    );
    const of = (code: string) => m2.agencies.find((a) => a.agency === code)!;
    const byId = (n: number) => m2.tasks.find((t) => t.taskId === T(n))!;
    expect(m2.agencies.map((a) => [a.agency, a.participating])).toEqual([
      ['fire', true],
      ['port', true],
      ['customs', false],
    ]);
    // Fire: task 1 acknowledged 30 s after it arrived, task 3 50 s after; task 2 (never) and task 4 (still open) missed.
    expect(of('fire').acknowledge).toEqual({ n: 2, median: 40 * S, p90: 50 * S, max: 50 * S, received: 4 });
    // Customs: task 1 arrived open and left unacknowledged 20 minutes later.
    expect(of('customs').acknowledge).toEqual({ n: 0, median: null, p90: null, max: null, received: 1 });
    // Port: task 3 acknowledged 10 s after creation; task 4 moved on unacknowledged.
    expect(of('port').acknowledge).toEqual({ n: 1, median: 10 * S, p90: 10 * S, max: 10 * S, received: 2 });
    // Complete: from the start of the last holding (task 1: 1260 → 1500, task 3: 250 → 400).
    expect(of('fire').complete).toEqual({ n: 2, median: 195 * S, p90: 240 * S, max: 240 * S });
    expect([of('port').complete.n, of('customs').complete.n]).toEqual([0, 0]);
    expect(['fire', 'port', 'customs'].map((c) => [of(c).tasks, of(c).done, of(c).active, of(c).overdue])).toEqual([
      [4, 2, 2, 0],
      [0, 0, 0, 1],
      [0, 0, 0, 1],
    ]);
    // Per task unchanged: from creation, for the holder at the end.
    expect([byId(1).agency, sec(byId(1).toAcknowledge), sec(byId(1).toEnd), sec(byId(1).overdueBy)]).toEqual(['fire', 1230, 1440, 540]);
    expect([sec(byId(3).toAcknowledge), sec(byId(3).toEnd)]).toEqual([10, 200]);
    expect(byId(1).holders.map((h) => [h.agency, sec(h.from - T0), sec(h.to - T0), h.receivedOpen, sec(h.acknowledgedAt === null ? null : h.acknowledgedAt - T0)])).toEqual([
      ['customs', 60, 1260, true, null],
      ['fire', 1260, 1800, true, 1290],
    ]);
    expect(m2.keyEvents.filter((k) => k.kind === 'overdue').map((k) => [sec(k.sinceOpen), 'agency' in k ? k.agency : null])).toEqual([
      [400, 'port'],
      [960, 'customs'],
    ]);
  });

  it('REV2 a task cancelled unacknowledged within a minute is no missed acknowledgement; one cancelled later, or reopened and left open, is', () => {
    const m3 = computeMetrics(
      log([
        [0, opened(['fire', 'port'])],
        [100, taskCreated(T(1), 'port', 'Made in the wrong lane')],
        [140, status(1, 'open', 'cancelled', 'wrong lane'), portLiaison],
        [200, taskCreated(T(2), 'port', 'Close gate 4')],
        [290, status(2, 'open', 'cancelled', 'not needed'), portLiaison],
        [300, taskCreated(T(3), 'port', 'Stop cranes')],
        [320, status(3, 'open', 'cancelled', 'by mistake'), portLiaison],
        [330, status(3, 'cancelled', 'open', 'needed after all'), commander],
      ]),
      T0 + 1200 * S,
    );
    const port = m3.agencies.find((a) => a.agency === 'port')!;
    // Task 1: 40 s, not counted. Task 2: 90 s unacknowledged, a miss. Task 3: open again and unacknowledged
    // for 15 minutes, a miss.
    expect(port.acknowledge).toEqual({ n: 0, median: null, p90: null, max: null, received: 2 });
    expect([port.cancelled, port.active]).toEqual([2, 1]);
  });

  it('REV2 durationStats: median of an even count is the mean of the middle two; p90 by nearest rank', () => {
    expect(durationStats([4, 1, 3, 2])).toEqual({ n: 4, median: 2.5, p90: 4, max: 4 });
    expect(durationStats([...Array(10).keys()].map((i) => i + 1))).toEqual({ n: 10, median: 5.5, p90: 9, max: 10 });
  });
});

describe('the accumulator kept between requests', () => {
  it('REV2: an answer already made does not change when the accumulator takes later events (phases, severities, status steps)', () => {
    const events = log([
      [0, opened(['fire', 'customs'])],
      [30, agencyStatus('fire', null, 'notified')],
      [60, { type: 'PhaseChanged', payload: { from: 'response', to: 'containment' } } as EventBody],
    ]);
    const acc = new MetricsAccumulator();
    acc.add(events.slice(0, 2));
    const first = acc.result(applyEvents(null, events.slice(0, 2))!, T0 + 40 * S);
    const before = JSON.stringify(first);
    acc.add(events.slice(2));
    const later = log([
      [0, opened(['fire', 'customs'])],
      [30, agencyStatus('fire', null, 'notified')],
      [60, { type: 'PhaseChanged', payload: { from: 'response', to: 'containment' } } as EventBody],
      [90, agencyStatus('fire', 'notified', 'en_route'), fireResponder],
      [120, { type: 'SeverityChanged', payload: { from: 'III', to: 'II', reason: 'Vapour reaching the quay' } } as EventBody],
    ]);
    acc.add(later.slice(3));
    expect(JSON.stringify(first)).toBe(before);
    expect(acc.result(applyEvents(null, later)!, T0 + 130 * S).phases.map((p) => p.phase)).toEqual(['response', 'containment']);
  });
});
