import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/domain/actor';
import type { EventBody } from '@/lib/domain/incident/events';
import { replay } from '@/lib/domain/incident/evolve';
import { commander, fireResponder, opened, sequence, taskCreated } from '@/lib/domain/incident/fixtures';
import { newWorkFor } from './new-work';

const customs: Actor = { userId: 'u-cus', name: 'Li (Customs)', agency: 'customs', role: 'responder' };
const me = { userId: fireResponder.userId, agency: 'fire' };

const reassign = (taskId: string, from: string, to: string): EventBody => ({
  type: 'TaskReassigned',
  payload: { taskId, agency: { from, to }, assignee: { from: null, to: null } },
});
const alert = (text: string, isAlert = true, toAgency: string | null = null): EventBody => ({ type: 'MessagePosted', payload: { messageId: `m-${text}`, text, toAgency, alert: isAlert } });

describe('new work for my agency', () => {
  const base = sequence([opened(['fire', 'customs', 'port']), taskCreated('t0', 'customs', 'Seal it')]);

  it('a task created for my agency by someone else', () => {
    const evs = sequence([taskCreated('t1', 'fire', 'Gas detection')], { actor: customs, startSeq: 3 });
    const state = replay([...base, ...evs]);
    expect(newWorkFor(evs, me, state)).toEqual([
      { kind: 'assigned', seq: 3, taskId: 't1', title: 'Gas detection', agency: 'fire', by: 'Li (Customs)', byAgency: 'customs' },
    ]);
  });

  it('not my own task, nor a task for another agency', () => {
    const mine = sequence([taskCreated('t1', 'fire')], { actor: fireResponder, startSeq: 3 });
    const other = sequence([taskCreated('t2', 'port')], { actor: customs, startSeq: 4 });
    const state = replay([...base, ...mine, ...other]);
    expect(newWorkFor([...mine, ...other], me, state)).toEqual([]);
  });

  it('a task reassigned to my agency, with its title from the state', () => {
    const evs = sequence([reassign('t0', 'customs', 'fire')], { actor: commander, startSeq: 3 });
    const state = replay([...base, ...evs]);
    expect(newWorkFor(evs, me, state)).toEqual([
      { kind: 'reassigned', seq: 3, taskId: 't0', title: 'Seal it', agency: 'fire', by: 'Commander Li', byAgency: null },
    ]);
  });

  it('a task moved away from my agency is not new work', () => {
    const evs = sequence([taskCreated('t1', 'fire'), reassign('t1', 'fire', 'port')], { actor: commander, startSeq: 3 });
    const state = replay([...base, ...evs]);
    expect(newWorkFor(evs.slice(1), me, state)).toEqual([]);
  });

  it('alerts by anyone else, whatever my agency; plain messages and my own alerts are quiet', () => {
    const evs = [
      ...sequence([alert('Wind shift'), alert('just chat', false)], { actor: customs, startSeq: 3 }),
      ...sequence([alert('my own alert')], { actor: fireResponder, startSeq: 5 }),
    ];
    const state = replay([...base, ...evs]);
    expect(newWorkFor(evs, me, state)).toEqual([{ kind: 'alert', seq: 3, text: 'Wind shift', by: 'Li (Customs)', byAgency: 'customs', toAgency: null }]);
    expect(newWorkFor(evs, { userId: 'u-admin', agency: null }, state).map((w) => w.kind)).toEqual(['alert', 'alert']);
  });

  it('MSG1: an alert to one agency rings for that agency and for people of none, not for the others; a message to my agency is told to me', () => {
    const evs = sequence([alert('Casualty at gate 3', true, 'port'), alert('Bring the foam unit', false, 'fire'), alert('Manifest copy', false, 'port')], { actor: customs, startSeq: 3 });
    const state = replay([...base, ...evs]);
    expect(newWorkFor(evs, me, state)).toEqual([{ kind: 'message', seq: 4, text: 'Bring the foam unit', by: 'Li (Customs)', byAgency: 'customs', toAgency: 'fire' }]);
    expect(newWorkFor(evs, { userId: 'u-port', agency: 'port' }, state).map((w) => [w.kind, w.seq])).toEqual([
      ['alert', 3],
      ['message', 5],
    ]);
    expect(newWorkFor(evs, { userId: 'u-cmd2', agency: null }, state).map((w) => [w.kind, w.seq])).toEqual([['alert', 3]]);
  });

  it('INC3: a change of severity (with its reason) and the closing are told to everyone but the commander who made them', () => {
    const evs = sequence(
      [
        { type: 'SeverityChanged', payload: { from: 'III', to: 'II', reason: 'Vapour cloud reached the berth 7 quay' } },
        { type: 'PhaseChanged', payload: { from: 'response', to: 'containment' } },
        { type: 'PhaseChanged', payload: { from: 'containment', to: 'closed' } },
      ],
      { actor: commander, startSeq: 3 },
    );
    const state = replay([...base, ...evs]);
    const told = [
      { kind: 'severity', seq: 3, from: 'III', to: 'II', reason: 'Vapour cloud reached the berth 7 quay', by: 'Commander Li', byAgency: null },
      { kind: 'closed', seq: 5, by: 'Commander Li', byAgency: null },
    ];
    expect(newWorkFor(evs, me, state)).toEqual(told);
    expect(newWorkFor(evs, { userId: 'u-observer', agency: null }, state)).toEqual(told);
    expect(newWorkFor(evs, { userId: commander.userId, agency: null }, state)).toEqual([]);
  });
});
