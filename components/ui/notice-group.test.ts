import { describe, expect, it } from 'vitest';
import { NOTICES_SHOWN, withNotice } from './notice-group';
import type { Notice } from './notices';

const many = (count: number) => `${count} new tasks for Fire`;
const task = (title: string): Omit<Notice, 'id'> => ({ tone: 'info', kind: 'assigned', title, group: 'assigned:fire', many });

describe('withNotice', () => {
  it('counts notices of one group on screen in one, titled for the count, in its place', () => {
    let shown: Notice[] = [];
    shown = withNotice(shown, task('New task for Fire: “Zones”'), 1);
    shown = withNotice(shown, { tone: 'alert', kind: 'alert', title: 'ALERT: wind north-east' }, 2);
    shown = withNotice(shown, task('New task for Fire: “Foam”'), 3);
    shown = withNotice(shown, task('New task for Fire: “Decon”'), 4);
    expect(shown.map((n) => [n.id, n.title, n.count])).toEqual([
      [4, '3 new tasks for Fire', 3],
      [2, 'ALERT: wind north-east', 1],
    ]);
  });

  it('beyond NOTICES_SHOWN the one least lately come or counted goes: a group notice just counted stays, though first in place', () => {
    let shown: Notice[] = [];
    shown = withNotice(shown, task('first task'), 1);
    for (let id = 2; id <= 4; id++) shown = withNotice(shown, { tone: 'info', kind: 'message', title: `message ${id}` }, id);
    shown = withNotice(shown, task('second task'), 5);
    expect(shown.map((n) => n.id)).toEqual([5, 2, 3, 4]);
    shown = withNotice(shown, { tone: 'info', kind: 'message', title: 'message 6' }, 6);
    expect(shown.map((n) => [n.id, n.title])).toEqual([
      [5, '2 new tasks for Fire'],
      [3, 'message 3'],
      [4, 'message 4'],
      [6, 'message 6'],
    ]);
  });

  it('keeps another group and notices of no group apart, and only the newest NOTICES_SHOWN', () => {
    let shown: Notice[] = [];
    shown = withNotice(shown, task('one'), 1);
    shown = withNotice(shown, { ...task('customs'), group: 'assigned:customs' }, 2);
    expect(shown.map((n) => [n.title, n.count])).toEqual([
      ['one', 1],
      ['customs', 1],
    ]);
    for (let id = 3; id <= 8; id++) shown = withNotice(shown, { tone: 'error', title: `error ${id}` }, id);
    expect(shown).toHaveLength(NOTICES_SHOWN);
    expect(shown.map((n) => n.id)).toEqual([5, 6, 7, 8]);
    // Once the group's notice is gone, the next of the group starts again at one.
    expect(withNotice(shown, task('again'), 9).at(-1)).toMatchObject({ title: 'again', count: 1 });
    // A group without a title for many keeps the newest's own title, counted.
    expect(withNotice(withNotice([], { ...task('first'), many: undefined }, 1), { ...task('second'), many: undefined }, 2)).toMatchObject([{ title: 'second', count: 2 }]);
  });
});
