import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENCIES } from '@/lib/domain/agencies';
import { fireResponder, opened, sequence, taskCreated } from '@/lib/domain/incident/fixtures';
import { replay } from '@/lib/domain/incident/evolve';
import { agencyText, eventMatches, highlightParts, queryTerms, searchBoard } from './board-search';

const get = (code: string) => DEFAULT_AGENCIES.find((a) => a.code === code);
const names = (code: string) => agencyText(code, get);

const state = replay(
  sequence([
    opened(['fire', 'customs', 'port']),
    taskCreated('t1', 'fire', 'Gas detection at C3'),
    {
      type: 'TaskCreated',
      payload: { taskId: 't2', title: '封存集装箱', details: 'Seal container MSCU 123', agency: 'customs', assignee: null, priority: 'normal', dueAt: null, location: '' },
    },
    { type: 'MessagePosted', payload: { messageId: 'm1', text: 'Wind north-east 4 m/s', toAgency: null, alert: true } },
    { type: 'MessagePosted', payload: { messageId: 'm2', text: '请海关到场', toAgency: 'customs', alert: false } },
  ]),
);

describe('board search', () => {
  it('splits a query into lower-case, width-folded words', () => {
    expect(queryTerms('  ＧＡＳ  C3 ')).toEqual(['gas', 'c3']);
    expect(queryTerms('   ')).toEqual([]);
  });

  it('no query: no filter', () => {
    expect(searchBoard(state, ' ', names)).toEqual({ tasks: null, messages: null });
  });

  it('finds tasks by title, details and agency name in either language, every word must match', () => {
    expect([...(searchBoard(state, 'gas', names).tasks ?? [])]).toEqual(['t1']);
    expect([...(searchBoard(state, 'mscu', names).tasks ?? [])]).toEqual(['t2']);
    expect([...(searchBoard(state, '海关', names).tasks ?? [])]).toEqual(['t2']);
    expect([...(searchBoard(state, 'customs seal', names).tasks ?? [])]).toEqual(['t2']);
    expect([...(searchBoard(state, 'gas seal', names).tasks ?? [])]).toEqual([]);
  });

  it('finds messages by text, author and the agency they go to', () => {
    expect([...(searchBoard(state, 'WIND', names).messages ?? [])]).toEqual(['m1']);
    expect([...(searchBoard(state, 'cus', names).messages ?? [])]).toEqual(['m2']);
    expect([...(searchBoard(state, 'commander', names).messages ?? [])]).toEqual(['m1', 'm2']);
  });

  it('finds tasks by who asked for them', () => {
    const s = replay(sequence([opened(['fire', 'customs'])]).concat(sequence([taskCreated('t9', 'customs', 'Check')], { actor: fireResponder, startSeq: 2 })));
    expect([...(searchBoard(s, 'rescue', names).tasks ?? [])]).toEqual(['t9']);
  });

  it('marks the matching parts of a text', () => {
    expect(highlightParts('Gas detection at gas pipe', ['gas'])).toEqual([
      { text: 'Gas', hit: true },
      { text: ' detection at ', hit: false },
      { text: 'gas', hit: true },
      { text: ' pipe', hit: false },
    ]);
    expect(highlightParts('abc', [])).toEqual([{ text: 'abc', hit: false }]);
  });
});

describe('the timeline while searching', () => {
  // An ammonia leak: a fire task about it, edited, acknowledged and moved to the port; a customs
  // task; an alert about it and another message; and the incident's own events, one of which
  // gives ammonia as its reason.
  const events = sequence([
    opened(['fire', 'customs', 'port']),
    taskCreated('t1', 'fire', 'Ammonia detection at C3'),
    taskCreated('t2', 'customs', 'Seal container MSCU 123'),
    { type: 'TaskStatusChanged', payload: { taskId: 't1', from: 'open', to: 'acknowledged', reason: null } },
    { type: 'TaskEdited', payload: { taskId: 't1', details: { from: '', to: 'Downwind of the reefer stack' } } },
    { type: 'TaskReassigned', payload: { taskId: 't1', agency: { from: 'fire', to: 'port' }, assignee: { from: null, to: 'Zhou' } } },
    { type: 'TaskStatusChanged', payload: { taskId: 't2', from: 'open', to: 'blocked', reason: 'Waiting for the seal kit' } },
    { type: 'SeverityChanged', payload: { from: 'III', to: 'II', reason: 'Ammonia concentration rising' } },
    { type: 'MessagePosted', payload: { messageId: 'm1', text: 'Ammonia 30 ppm at gate 5', toAgency: null, alert: true } },
    { type: 'MessagePosted', payload: { messageId: 'm2', text: 'Wind north-east 4 m/s', toAgency: 'port', alert: false } },
    { type: 'PhaseChanged', payload: { from: 'response', to: 'containment' } },
    { type: 'AgencyStatusChanged', payload: { agency: 'fire', from: null, to: 'on_scene' } },
    { type: 'IncidentUpdated', payload: { location: { from: 'Yard C3', to: 'Yard C3, ammonia plant side' } } },
  ]);
  const s = replay(events);
  const shown = (query: string) => {
    const matches = searchBoard(s, query, names);
    return events.filter((ev) => eventMatches(ev, matches)).map((ev) => ev.seq);
  };

  it('shows every event with no search', () => {
    expect(shown('')).toEqual(events.map((ev) => ev.seq));
    expect(events.every((ev) => eventMatches(ev, { tasks: null, messages: null }))).toBe(true);
  });

  it('shows every event of a matching task (created, status, edit, reassignment) and the posting of a matching message', () => {
    // t1 (created, acknowledged, edited, moved to the port) and m1; not the severity change whose reason says ammonia, nor the incident's new location.
    expect(shown('ammonia')).toEqual([2, 4, 5, 6, 9]);
    expect(shown('seal')).toEqual([3, 7]);
    expect(shown('north-east')).toEqual([10]);
  });

  it('finds a task by what it is now: the events from before an edit or a reassignment show too', () => {
    // "reefer" is only in t1's edited details, "zhou" in the assignee it was given when moved to the port.
    expect(shown('reefer')).toEqual([2, 4, 5, 6]);
    expect(shown('zhou')).toEqual([2, 4, 5, 6]);
    // Port: the agency t1 was moved to, and the one m2 was sent to.
    expect(shown('port')).toEqual([2, 4, 5, 6, 10]);
  });

  it('shows none of the incident\'s own events or agencies\' status changes while searching', () => {
    const none = { tasks: new Set<string>(), messages: new Set<string>() };
    expect(events.filter((ev) => eventMatches(ev, none))).toEqual([]);
    expect(shown('nothing like this')).toEqual([]);
    expect(shown('containment')).toEqual([]);
  });
});
