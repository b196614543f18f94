import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENCIES } from '../../lib/domain/agencies';
import { replay } from '../../lib/domain/incident/evolve';
import { isActiveTask, isOverdue, type IncidentState } from '../../lib/domain/incident/state';
import { buildDemoDrill, DEMO_SEED, factsOf, mulberry32, runCommand, seededUuid } from './drill';
import { computeMetrics } from '../../lib/domain/review/metrics';
import { EPIDEMIC_DRILL, WAREHOUSE_FIRE_DRILL } from './earlier-drills';
import { nextLiveCommand } from './live';

const NOW = Date.UTC(2026, 3, 1, 9, 30);
const INCIDENT = '6f1c2a7e-0d2b-4c9e-9a51-3b7d8e2f4a10';
const HAN = /\p{Script=Han}/u;

describe('demo drill (scenario A)', () => {
  const drill = buildDemoDrill({ now: NOW, incidentId: INCIDENT });

  it('is deterministic for one seed and differs for another', () => {
    expect(buildDemoDrill({ now: NOW, incidentId: INCIDENT, seed: DEMO_SEED })).toEqual(drill);
    const other = buildDemoDrill({ now: NOW, incidentId: INCIDENT, seed: DEMO_SEED + 1 });
    expect(other.events.map((e) => e.ts)).not.toEqual(drill.events.map((e) => e.ts));
  });

  it('has 7 agencies on scene, 35–45 tasks, 180–220 events, exactly one alert', () => {
    const f = drill.facts;
    expect(drill.state.agencies).toEqual(DEFAULT_AGENCIES.map((a) => a.code));
    expect(f.agencies).toBe(7);
    expect({ tasks: f.tasks >= 35 && f.tasks <= 45, events: f.events >= 180 && f.events <= 220 }).toEqual({ tasks: true, events: true });
    expect(f.alerts).toBe(1);
    expect(drill.events.filter((e) => e.type === 'MessagePosted' && e.payload.alert)).toHaveLength(1);
    console.log('demo drill facts', JSON.stringify(f));
  });

  it('is a severity II drill in containment; each agency went notified → en route → on scene', () => {
    const s = drill.state;
    expect([s.kind, s.scenario, s.severity, s.phase]).toEqual(['drill', 'hazmat', 'II', 'containment']);
    for (const agency of s.agencies) {
      const path = drill.events.flatMap((e) => (e.type === 'AgencyStatusChanged' && e.payload.agency === agency ? [e.payload.to] : []));
      expect(path, agency).toEqual(['notified', 'en_route', 'on_scene']);
    }
  });

  it('ends with a realistic task mix: some open, acknowledged, in progress, blocked with a reason, many done, a couple cancelled, ≥3 overdue', () => {
    const { byStatus, overdue } = drill.facts;
    expect(byStatus.open).toBeGreaterThanOrEqual(2);
    expect(byStatus.acknowledged).toBeGreaterThanOrEqual(2);
    expect(byStatus.in_progress).toBeGreaterThanOrEqual(4);
    expect(byStatus.blocked).toBeGreaterThanOrEqual(3);
    expect(byStatus.done).toBeGreaterThanOrEqual(15);
    expect(byStatus.cancelled).toBe(2);
    for (const t of Object.values(drill.state.tasks).filter((x) => x.status === 'blocked' || x.status === 'cancelled'))
      expect(t.statusReason, t.title).toBeTruthy();
    expect(overdue).toBeGreaterThanOrEqual(3);
    expect(Object.values(drill.state.tasks).filter((t) => isOverdue(t, NOW))).toHaveLength(overdue);
    // Every agency has work on the board.
    for (const a of drill.state.agencies) expect(Object.values(drill.state.tasks).some((t) => t.agency === a), a).toBe(true);
  });

  it('SEQ1: seqs are 1..n without a gap, ts strictly increasing within the last hour, and applyEvents folds it all', () => {
    expect(drill.events.map((e) => e.seq)).toEqual(drill.events.map((_, i) => i + 1));
    for (let i = 1; i < drill.events.length; i++) expect(drill.events[i].ts).toBeGreaterThan(drill.events[i - 1].ts);
    expect(drill.events[0].ts).toBeGreaterThanOrEqual(NOW - 60 * 60_000);
    expect(drill.events.at(-1)!.ts).toBeLessThanOrEqual(NOW - 60_000);
    expect(drill.events[0].type).toBe('IncidentOpened');
    expect(drill.events.every((e) => e.incidentId === INCIDENT)).toBe(true);
    expect(new Set(drill.events.map((e) => e.id)).size).toBe(drill.events.length);
    expect(replay(drill.events)).toEqual(drill.state);
  });

  it('writes Chinese by default and English with lang en, with the same shape', () => {
    const en = buildDemoDrill({ now: NOW, incidentId: INCIDENT, lang: 'en' });
    expect(en.facts).toEqual(drill.facts);
    const texts = (s: IncidentState) => [s.title, ...Object.values(s.tasks).map((t) => t.title), ...s.messages.map((m) => m.text)];
    expect(texts(drill.state).every((t) => HAN.test(t))).toBe(true);
    expect(texts(en.state).some((t) => HAN.test(t))).toBe(false);
    expect(en.accounts.map((a) => a.username)).toEqual(drill.accounts.map((a) => a.username));
  });

  it('stamps the given account ids on the events', () => {
    const ids = Object.fromEntries(drill.accounts.map((a, i) => [a.key, seededUuid(mulberry32(i + 1))]));
    const withIds = buildDemoDrill({ now: NOW, incidentId: INCIDENT, accountIds: ids });
    expect(withIds.events[0].actor.userId).toBe(ids.commander);
    expect(new Set(withIds.events.map((e) => e.actor.userId))).toEqual(new Set(Object.values(ids).filter((id) => id !== ids.observer)));
  });

  it('is valid for any seed', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const d = buildDemoDrill({ now: NOW, incidentId: INCIDENT, seed, lang: seed % 2 ? 'en' : 'zh-CN' });
      expect(d.facts.overdue).toBeGreaterThanOrEqual(3);
      expect(d.facts.alerts).toBe(1);
    }
  });
});

describe.each([
  {
    name: 'B, a suspected infectious case at passenger screening',
    scenario: EPIDEMIC_DRILL,
    kind: 'epidemic',
    severity: 'III',
    agencies: ['customs', 'border', 'port', 'medical', 'police'],
    title: 'Suspected infectious disease at ferry passenger screening',
    late: ['Identify close contacts from the seat plan', 'Disinfect hall B after the transfer'],
  },
  {
    name: 'C, a fire in a bonded-zone warehouse',
    scenario: WAREHOUSE_FIRE_DRILL,
    kind: 'fire',
    severity: 'II',
    agencies: ['customs', 'fire', 'port', 'medical', 'police'],
    title: 'Fire in warehouse 3 of the bonded zone',
    late: ['Head count of everyone evacuated from warehouses 2 to 4', 'Record what is damaged or moved'],
  },
])('demo drill held earlier: scenario $name', ({ scenario, kind, severity, agencies, title, late }) => {
  const END = NOW - 3 * 86_400_000;
  const drill = buildDemoDrill({ now: NOW, incidentId: INCIDENT, scenario, endAt: END, lang: 'en' });

  it('INC1/INC2: is a closed drill of its scenario; closing is its last event, after every agency stood down', () => {
    const s = drill.state;
    expect([s.title, s.kind, s.scenario, s.severity, s.phase]).toEqual([title, 'drill', kind, severity, 'closed']);
    expect(s.agencies).toEqual(agencies);
    expect(drill.events.at(-1)).toMatchObject({ type: 'PhaseChanged', payload: { to: 'closed' } });
    const phases = drill.events.flatMap((e) => (e.type === 'PhaseChanged' ? [e.payload.to] : []));
    expect(phases).toEqual(['containment', 'recovery', 'closed']);
    for (const agency of agencies) {
      const path = drill.events.flatMap((e) => (e.type === 'AgencyStatusChanged' && e.payload.agency === agency ? [e.payload.to] : []));
      expect(path, agency).toEqual(['notified', 'en_route', 'on_scene', 'standing_down']);
    }
  });

  it('SEQ1: its history is whole, within its span ending a minute before its end, and folds to its state', () => {
    expect(drill.events.map((e) => e.seq)).toEqual(drill.events.map((_, i) => i + 1));
    for (let i = 1; i < drill.events.length; i++) expect(drill.events[i].ts).toBeGreaterThan(drill.events[i - 1].ts);
    expect(drill.events[0].ts).toBe(END - scenario.spanMin * 60_000);
    expect(drill.events.at(-1)!.ts).toBeLessThanOrEqual(END - 60_000);
    expect(replay(drill.events)).toEqual(drill.state);
  });

  it('ends with every task done or cancelled (with a reason), one alert, every agency with work, and a blocked spell on the way', () => {
    const tasks = Object.values(drill.state.tasks);
    expect(tasks.length).toBeGreaterThanOrEqual(15);
    expect(tasks.every((t) => t.status === 'done' || (t.status === 'cancelled' && t.statusReason))).toBe(true);
    expect(drill.facts.alerts).toBe(1);
    for (const a of agencies) expect(tasks.some((t) => t.agency === a), a).toBe(true);
    expect(drill.events.some((e) => e.type === 'TaskStatusChanged' && e.payload.to === 'blocked')).toBe(true);
  });

  it('REV2: misses the targets a real drill would, and only those: two tasks finished after their due time', () => {
    const m = computeMetrics(drill.events, NOW);
    expect(m.tasks.filter((t) => t.overdue).map((t) => t.title).sort()).toEqual([...late].sort());
  });

  it('is valid for any seed, in both languages', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const d = buildDemoDrill({ now: NOW, incidentId: INCIDENT, seed, lang: seed % 2 ? 'en' : 'zh-CN', scenario, endAt: END });
      expect(d.state.phase).toBe('closed');
      expect(HAN.test(d.state.title)).toBe(seed % 2 === 0);
    }
  });
});

describe('demo drill C (scenarios.md: a hazard found and rectified)', () => {
  const drill = buildDemoDrill({ now: NOW, incidentId: INCIDENT, scenario: WAREHOUSE_FIRE_DRILL, endAt: NOW - 86_400_000, lang: 'en' });
  it('TASK2: the hazard found on patrol by customs is owned by the operator, due in 24 h, and closed with a note and a photo reference', () => {
    const hazard = Object.values(drill.state.tasks).find((t) => t.title.startsWith('Fire door'))!;
    expect(hazard).toMatchObject({ agency: 'port', status: 'done', statusReason: expect.stringContaining('IMG-0412') });
    expect(hazard.createdBy.agency).toBe('customs');
    expect(Math.abs(hazard.dueAt! - hazard.createdAt - 24 * 3_600_000)).toBeLessThan(60_000);
  });

});

describe('demo live mode', () => {
  it('keeps choosing commands the domain accepts, as the agency concerned, for 500 steps, without repeating itself', () => {
    const drill = buildDemoDrill({ now: NOW, incidentId: INCIDENT, lang: 'en' });
    const rng = mulberry32(DEMO_SEED + 1);
    let state = drill.state;
    let now = NOW;
    const kinds = new Map<string, number>();
    for (let i = 0; i < 500; i++) {
      now += 3_500;
      const next = nextLiveCommand(state, rng, 'en', now);
      const actor = drill.actors[next.by];
      // Nothing that makes the demo look broken: a lane's second active task of one title, a message among the last six again.
      if (next.command.type === 'CreateTask') {
        const { agency, title } = next.command;
        expect(Object.values(state.tasks).filter((t) => isActiveTask(t) && t.agency === agency && t.title === title), title).toHaveLength(0);
      }
      if (next.command.type === 'PostMessage') expect(state.messages.slice(-6).map((m) => m.text)).not.toContain(next.command.text);
      const key = next.command.type === 'ChangeTaskStatus' ? `to ${next.command.to}` : next.command.type;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
      // runCommand throws when the command is refused.
      state = runCommand(state, actor, next.command, { incidentId: INCIDENT, commandId: `c${i}`, ts: now, eventId: () => seededUuid(rng) }).state;
    }
    const facts = factsOf(state, [], now);
    console.log('live mode, 500 steps', JSON.stringify(Object.fromEntries(kinds)), JSON.stringify(facts.byStatus));
    for (const k of ['to acknowledged', 'to in_progress', 'to done', 'to blocked', 'CreateTask', 'PostMessage', 'SetAgencyStatus']) expect(kinds.get(k), k).toBeGreaterThan(0);
    const active = facts.tasks - facts.byStatus.done - facts.byStatus.cancelled;
    expect(active).toBeGreaterThan(5);
    expect(active).toBeLessThan(45);
    expect(state.messages.filter((m) => m.alert)).toHaveLength(1);
  });
});
