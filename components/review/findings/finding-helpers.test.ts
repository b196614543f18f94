import { describe, expect, it } from 'vitest';
import { opened, sequence, taskCreated } from '@/lib/domain/incident/fixtures';
import { parseElapsed } from '@/lib/i18n/elapsed';
import { localDay } from '@/lib/i18n/local-date';
import type { Finding } from '@/lib/protocol/review';
import { taskHolders } from '@/lib/domain/incident/event-kind';
import { agencyFilterOptions, attemptIds, filterFindings, findingAgency, itemOverdue, seqAtOffset, stateAtSeq, typedSeq } from './finding-helpers';

describe('findings page helpers', () => {
  it('find the moment at a T+ offset (offsets are read by parseElapsed, lib/i18n/elapsed.test.ts)', () => {
    const events = [1, 2, 3].map((seq) => ({ seq, ts: 1_000 + seq * 60_000 }));
    expect(seqAtOffset(events as never, 1_000, 0)).toBe(1);
    expect(seqAtOffset(events as never, 1_000, 150_000)).toBe(2);
    expect(seqAtOffset(events as never, 1_000, 10_000_000)).toBe(3);
  });

  it('REV3: the T+ an event shows (to the second, rounded down) finds that event, not the one before it', () => {
    const openedAt = 1_000;
    const events = [
      { seq: 1, ts: openedAt },
      { seq: 2, ts: openedAt + 750_400 }, // shown as T+00:12:30
      { seq: 3, ts: openedAt + 751_000 }, // T+00:12:31
    ];
    expect(seqAtOffset(events as never, openedAt, parseElapsed('00:12:30')!)).toBe(2);
    expect(seqAtOffset(events as never, openedAt, parseElapsed('00:12:29')!)).toBe(1);
    expect(seqAtOffset(events as never, openedAt, parseElapsed('00:12:31')!)).toBe(3);
  });

  it('REV3: a finding about a task is filed under the agency that held it at the finding’s moment, not the one it was moved to since', () => {
    const task = '00000000-0000-4000-8000-000000000001';
    const events = sequence([
      opened(['customs', 'port']),
      taskCreated(task, 'customs', 'Hold container MSKU 123'),
      { type: 'TaskReassigned', payload: { taskId: task, agency: { from: 'customs', to: 'port' }, assignee: { from: null, to: null } } },
    ]);
    const end = stateAtSeq(events, 3)!;
    const holders = taskHolders(events);
    const slowAck = { id: 'f1', atSeq: 2, ref: { kind: 'task', taskId: task }, verdict: 'improvement' } as unknown as Finding;
    const afterMove = { ...slowAck, id: 'f2', atSeq: 3 } as Finding;
    expect(findingAgency(slowAck, end, holders)).toBe('customs');
    expect(findingAgency(afterMove, end, holders)).toBe('port');
    expect(filterFindings([slowAck, afterMove], end, holders, 'all', 'customs').map((f) => f.id)).toEqual(['f1']);
    expect(filterFindings([slowAck, afterMove], end, holders, 'all', 'port').map((f) => f.id)).toEqual(['f2']);
  });

  it('REV3: the event number typed is a moment only when it is one of the incident’s (1…head); otherwise none, not the last one typed', () => {
    expect(typedSeq('1', 120)).toBe(1);
    expect(typedSeq('120', 120)).toBe(120);
    expect(typedSeq(' 45 ', 120)).toBe(45);
    // A Chinese input method's full-width digits and space, as the T+ field beside it takes them.
    expect(typedSeq('１２', 120)).toBe(12);
    expect(typedSeq('\u3000４５', 120)).toBe(45);
    // Past the last event, before the first, not a number: no moment (the form marks the field and sends nothing).
    expect(typedSeq('999', 120)).toBeNull();
    expect(typedSeq('121', 120)).toBeNull();
    expect(typedSeq('0', 120)).toBeNull();
    expect(typedSeq('abc', 120)).toBeNull();
    expect(typedSeq('', 120)).toBeNull();
    expect(typedSeq('  ', 120)).toBeNull();
    // Only digits: what Number() would also read is not an event number as typed (the cases: parseSeq's, lib/i18n/elapsed.test.ts).
    expect(typedSeq('1e2', 120)).toBeNull();
  });

  it('REV3: fold the incident to a moment with the live reducers (a task created later is not there)', () => {
    const events = sequence([opened(['fire', 'port']), taskCreated('00000000-0000-4000-8000-000000000001', 'fire'), taskCreated('00000000-0000-4000-8000-000000000002', 'port')], {
      incidentId: '00000000-0000-4000-8000-0000000000aa',
    });
    expect(Object.keys(stateAtSeq(events, 2)!.tasks)).toEqual(['00000000-0000-4000-8000-000000000001']);
    expect(Object.keys(stateAtSeq(events, 3)!.tasks)).toHaveLength(2);
  });

  it('REV3: the agency filter offers every agency a finding is filed under, also one removed from the incident since', () => {
    const task = '00000000-0000-4000-8000-000000000001';
    const events = sequence([
      opened(['customs', 'port']),
      taskCreated(task, 'customs', 'Hold container MSKU 123'),
      { type: 'TaskReassigned', payload: { taskId: task, agency: { from: 'customs', to: 'port' }, assignee: { from: null, to: null } } },
      { type: 'IncidentUpdated', payload: { agencies: { from: ['customs', 'port'], to: ['port', 'fire'] } } },
    ]);
    const end = stateAtSeq(events, 4)!;
    const holders = taskHolders(events);
    const slowAck = { id: 'f1', atSeq: 2, ref: { kind: 'task', taskId: task }, verdict: 'improvement' } as unknown as Finding;
    const aboutPolice = { id: 'f2', atSeq: 1, ref: { kind: 'agency', agency: 'police' }, verdict: 'strength' } as unknown as Finding;
    expect(end.agencies).toEqual(['port', 'fire']);
    // The incident's agencies first, then those only findings name, in the order of the findings.
    expect(agencyFilterOptions([slowAck, aboutPolice, slowAck], end, holders)).toEqual(['port', 'fire', 'customs', 'police']);
    expect(agencyFilterOptions([], end, holders)).toEqual(['port', 'fire']);
    // And filtering to the removed agency finds its finding.
    expect(filterFindings([slowAck, aboutPolice], end, holders, 'all', 'customs').map((f) => f.id)).toEqual(['f1']);
  });

  it('REV3: a form keeps its entry id while what it sends is unchanged (a retry), and takes a new one once it is edited', () => {
    // The review route's idempotency: an id it holds already is answered with the stored entry, as a duplicate.
    const stored = new Map<string, string>();
    const send = (id: string, text: string) => {
      const held = stored.get(id);
      if (held !== undefined) return { duplicate: true, text: held };
      stored.set(id, text);
      return { duplicate: false, text };
    };
    let n = 0;
    const ids = attemptIds(() => `id-${++n}`);
    const first = { atSeq: 4, ref: null, verdict: 'improvement', text: 'Custom acknowledged late' };
    // Written, but the answer was lost (a timeout): the dialog stays open.
    send(ids.idFor(first), first.text);
    // Sent again unchanged: the same id, not written twice.
    expect(send(ids.idFor({ ...first }), first.text)).toEqual({ duplicate: true, text: first.text });
    // The person fixes the typo and sends again: a new id, so the edit is written, not answered with the first text.
    const edited = { ...first, text: 'Customs acknowledged late' };
    expect(send(ids.idFor(edited), edited.text)).toEqual({ duplicate: false, text: edited.text });
    expect(send(ids.idFor(edited), edited.text)).toEqual({ duplicate: true, text: edited.text });
    // Another verdict, moment or ref is an edit too; back to what was sent before is that attempt's retry.
    expect(ids.idFor({ ...edited, verdict: 'strength' })).not.toBe(ids.idFor(edited));
    expect(ids.idFor(first)).toBe('id-1');
    expect(stored.size).toBe(2);
  });
});

describe('itemOverdue (an improvement item not done, past its day)', () => {
  it('is overdue from the day after its due day, until it is done', () => {
    const today = localDay(new Date(2026, 11, 7, 9, 30));
    expect(today).toBe('2026-12-07');
    expect(itemOverdue({ status: 'open', dueDate: '2026-12-06' }, today)).toBe(true);
    expect(itemOverdue({ status: 'in_progress', dueDate: '2020-01-15' }, today)).toBe(true);
    expect(itemOverdue({ status: 'open', dueDate: '2026-12-07' }, today)).toBe(false);
    expect(itemOverdue({ status: 'done', dueDate: '2020-01-15' }, today)).toBe(false);
  });
});
