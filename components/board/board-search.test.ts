import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENCIES } from '@/lib/domain/agencies';
import { fireResponder, opened, sequence, taskCreated } from '@/lib/domain/incident/fixtures';
import { replay } from '@/lib/domain/incident/evolve';
import { agencyText, highlightParts, queryTerms, searchBoard } from './board-search';

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
