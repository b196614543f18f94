import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { buildDemoDrill } from './demo/drill';
import en from '../messages/en.json';
import { DEFAULT_AGENCIES } from '../lib/domain/agencies';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { agencyNamer, describeEvent, type Translate } from '../lib/exports/describe-event';
import { buildIcs214 } from '../lib/exports/ics214';
import { commander, opened, sequence, taskCreated } from '../lib/domain/incident/fixtures';

// SPEC REV5: the ICS 214 activity log of one agency, from scenario A built through the real domain.
describe('ICS 214 per agency (REV5)', () => {
  const now = Date.UTC(2026, 3, 1, 10, 0, 0);
  const drill = buildDemoDrill({ now, incidentId: '7d5e2f0a-1111-4222-8333-444455556666' });
  const t = createTranslator({ locale: 'en', messages: en }) as unknown as Translate;
  const ctx = { t, agencyName: agencyNamer(DEFAULT_AGENCIES, 'en'), dateTime: (ms: number) => new Date(ms).toISOString() };
  const sheet = buildIcs214(drill.events, 'fire', (ev, before) => describeEvent(ev, before, ctx));

  /** Independently of buildIcs214: does this event concern fire? */
  function concernsFire(ev: IncidentEvent, taskAgency: Map<string, string>): boolean {
    if (ev.actor.agency === 'fire' || ev.type === 'IncidentOpened') return true;
    switch (ev.type) {
      case 'IncidentUpdated':
        return ev.payload.agencies !== undefined && ev.payload.agencies.from.includes('fire') !== ev.payload.agencies.to.includes('fire');
      case 'TaskCreated':
        return ev.payload.agency === 'fire';
      case 'TaskReassigned':
        return ev.payload.agency.from === 'fire' || ev.payload.agency.to === 'fire';
      case 'TaskStatusChanged':
      case 'TaskEdited':
        return taskAgency.get(ev.payload.taskId) === 'fire';
      case 'MessagePosted':
        return ev.payload.toAgency === 'fire';
      case 'AgencyStatusChanged':
        return ev.payload.agency === 'fire';
      default:
        return false;
    }
  }

  it('lists every activity of the agency and done to it, in time order, and nothing of other agencies', () => {
    const taskAgency = new Map<string, string>();
    const expected: number[] = [];
    for (const ev of drill.events) {
      if (concernsFire(ev, taskAgency)) expected.push(ev.seq);
      if (ev.type === 'TaskCreated') taskAgency.set(ev.payload.taskId, ev.payload.agency);
      if (ev.type === 'TaskReassigned') taskAgency.set(ev.payload.taskId, ev.payload.agency.to);
    }
    expect(sheet.activities.map((a) => a.seq)).toEqual(expected);
    expect(sheet.activities.length).toBeGreaterThan(10);
    const ts = sheet.activities.map((a) => a.ts);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    // Tasks assigned to fire by others (the commander) are in it.
    expect(sheet.activities.some((a) => a.actorAgency !== 'fire' && a.text.startsWith('New Fire and Rescue task'))).toBe(true);
  });

  it('names the agency people who appear in the log with their role, and the period of the incident', () => {
    expect(sheet.people.map((p) => [p.name, p.role])).toEqual([['消防救援联络员', 'liaison']]);
    expect(sheet.incidentTitle).toBe(drill.state.title);
    expect(sheet.period.from).toBe(drill.state.openedAt);
    expect(sheet.period.to).toBe(drill.events[drill.events.length - 1].ts);
  });

  it('says when the agency was brought into the incident and taken out, and nothing of another agency’s', () => {
    const events = sequence(
      [
        opened(['port', 'customs']),
        { type: 'IncidentUpdated', payload: { agencies: { from: ['port', 'customs'], to: ['port', 'customs', 'fire'] } } },
        taskCreated('t1', 'fire', 'Cool the container'),
        { type: 'IncidentUpdated', payload: { title: { from: 'Hazmat leak, yard block C3', to: 'Hazmat leak, yard C3' } } },
        { type: 'IncidentUpdated', payload: { agencies: { from: ['port', 'customs', 'fire'], to: ['port', 'fire'] } } },
      ],
      { actor: commander },
    );
    const fire = buildIcs214(events, 'fire', (ev, before) => describeEvent(ev, before, ctx));
    expect(fire.activities.map((a) => a.seq)).toEqual([1, 2, 3]);
    expect(fire.activities[1].text).toMatch(/Fire and Rescue/);
    const customs = buildIcs214(events, 'customs', (ev, before) => describeEvent(ev, before, ctx));
    expect(customs.activities.map((a) => a.seq)).toEqual([1, 5]);
  });

  it('lists among its resources every team its tasks were assigned to, also one replaced or whose task went to another agency', () => {
    const events = sequence(
      [
        opened(['fire', 'customs']),
        {
          type: 'TaskCreated',
          payload: { taskId: 't1', title: 'Water curtain', details: '', agency: 'fire', assignee: 'Team Zhang', priority: 'high', dueAt: null, location: '' },
        },
        { type: 'TaskReassigned', payload: { taskId: 't1', agency: { from: 'fire', to: 'fire' }, assignee: { from: 'Team Zhang', to: 'Team Wang' } } },
        { type: 'TaskReassigned', payload: { taskId: 't1', agency: { from: 'fire', to: 'customs' }, assignee: { from: 'Team Wang', to: 'Sampling team' } } },
      ],
      { actor: commander },
    );
    const fire = buildIcs214(events, 'fire', (ev, before) => describeEvent(ev, before, ctx));
    expect(fire.assignees).toEqual(['Team Wang', 'Team Zhang']);
    const customs = buildIcs214(events, 'customs', (ev, before) => describeEvent(ev, before, ctx));
    expect(customs.assignees).toEqual(['Sampling team']);
  });

  it('keeps a task title and assignee as typed, a "; " in them too (the line’s parts are joined by " · ")', () => {
    const events = sequence(
      [
        opened(['fire']),
        {
          type: 'TaskCreated',
          payload: { taskId: 't1', title: 'Seal berth 3; evacuate the quay', details: '', agency: 'fire', assignee: 'Team A; Team B', priority: 'high', dueAt: null, location: '' },
        },
      ],
      { actor: commander },
    );
    const fire = buildIcs214(events, 'fire', (ev, before) => describeEvent(ev, before, ctx));
    const line = fire.activities[1].text;
    expect(line).toContain('“Seal berth 3; evacuate the quay”');
    expect(line).toContain('Team A; Team B');
    expect(line.split(' · ')).toHaveLength(3);
  });
});
