import { describe, expect, it } from 'vitest';
import { agenciesOf, agenciesThen, heldWhen } from './event-kind';
import { applyEvents } from './evolve';
import { commander, opened, sequence, taskCreated } from './fixtures';

describe('which agencies an event concerns', () => {
  // A commander's task for Fire and Rescue, worked on, then handed to Port Operations.
  const events = sequence(
    [
      opened(['fire', 'customs', 'port']),
      taskCreated('t1', 'fire', 'Cool tank 7'),
      { type: 'TaskStatusChanged', payload: { taskId: 't1', from: 'open', to: 'acknowledged', reason: null } },
      { type: 'TaskEdited', payload: { taskId: 't1', title: { from: 'Cool tank 7', to: 'Cool tank 7 and 8' } } },
      { type: 'TaskReassigned', payload: { taskId: 't1', agency: { from: 'fire', to: 'port' }, assignee: { from: null, to: null } } },
      { type: 'TaskStatusChanged', payload: { taskId: 't1', from: 'open', to: 'done', reason: null } },
      { type: 'MessagePosted', payload: { messageId: 'm1', text: 'Tank 8 next', toAgency: 'customs', alert: false } },
    ],
    { actor: commander },
  );

  it("a task's events before its reassignment concern the agency that held it then; after it, the new one (the timeline's and the replay's agency filters)", () => {
    const end = applyEvents(null, events)!;
    const held = heldWhen(events);
    const then = (agency: string) => events.map((ev) => agenciesThen(ev, end, held).includes(agency));
    expect(then('fire')).toEqual([false, true, true, true, true, false, false]);
    expect(then('port')).toEqual([false, false, false, false, true, true, false]);
    expect(then('customs')).toEqual([false, false, false, false, false, false, true]);
    // Against the state at the end alone, the task's early events would all go to Port Operations.
    expect(agenciesOf(events[2], end)).toEqual(['port']);
    // A moment before the reassignment: nothing moved since, the state's agency stands.
    const early = events.slice(0, 4);
    expect(early.map((ev) => agenciesThen(ev, applyEvents(null, early)!, heldWhen(early)))).toEqual([[], ['fire'], ['fire'], ['fire']]);
  });
});
