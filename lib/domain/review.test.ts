import { describe, expect, it } from 'vitest';
import type { Actor } from './actor';
import type { FindingRef, ReviewEntry } from '../protocol/review';
import { opened, sequence, taskCreated } from './incident/fixtures';
import { findingActionBreak, foldReview, reviewLogBreak, standingFindings } from './review';

const ann: Actor = { userId: 'u1', name: 'Ann', agency: null, role: 'observer' };
const bo: Actor = { userId: 'u2', name: 'Bo', agency: 'port', role: 'commander' };
const I = 'inc';

function finding(seq: number, id: string, atSeq: number): ReviewEntry {
  return { seq, ts: 1000 + seq, id, incidentId: I, actor: ann, type: 'FindingAdded', finding: { atSeq, atTs: atSeq * 10, ref: null, verdict: 'strength', text: id } };
}

describe('foldReview (SPEC REV3)', () => {
  it('REV3: findings oldest moment first (ties in the order written); an item’s status is its last change', () => {
    const entries: ReviewEntry[] = [
      finding(1, 'late', 9),
      finding(2, 'early', 2),
      finding(3, 'early-too', 2),
      { seq: 4, ts: 1004, id: 'item', incidentId: I, actor: ann, type: 'ImprovementAdded', item: { findingId: 'early', action: 'a', agency: 'fire', dueDate: '2027-01-01' } },
      { seq: 5, ts: 1005, id: 's1', incidentId: I, actor: bo, type: 'ImprovementStatusChanged', itemId: 'item', from: 'open', to: 'in_progress' },
      { seq: 6, ts: 1006, id: 's2', incidentId: I, actor: ann, type: 'ImprovementStatusChanged', itemId: 'item', from: 'in_progress', to: 'done' },
      { seq: 7, ts: 1007, id: 'other', incidentId: I, actor: bo, type: 'ImprovementAdded', item: { findingId: null, action: 'b', agency: 'port', dueDate: '2027-02-01' } },
    ];
    const v = foldReview(I, entries);
    expect(v.headSeq).toBe(7);
    expect(v.findings.map((f) => f.id)).toEqual(['early', 'early-too', 'late']);
    expect(v.findings[0]).toMatchObject({ atSeq: 2, atTs: 20, author: ann, createdAt: 1002, reviewSeq: 2 });
    expect(v.improvements.map((i) => [i.id, i.status])).toEqual([
      ['item', 'done'],
      ['other', 'open'],
    ]);
    expect(v.improvements[0]).toMatchObject({ createdBy: ann, createdAt: 1004, updatedBy: ann, updatedAt: 1006, findingId: 'early' });
    expect(foldReview(I, [])).toEqual({ incidentId: I, headSeq: 0, findings: [], improvements: [] });
  });
});

describe('foldReview: corrections and history (SPEC REV3)', () => {
  const cy: Actor = { userId: 'u3', name: 'Cy', agency: 'fire', role: 'admin' };
  const amend = (seq: number, id: string, findingId: string, from: { verdict: 'strength' | 'improvement'; text: string }, to: { verdict: 'strength' | 'improvement'; text: string }, actor = bo): ReviewEntry => ({
    seq, ts: 1000 + seq, id, incidentId: I, actor, type: 'FindingAmended', findingId, from, to,
  });

  it('REV3: an amended finding shows its current text and verdict, who amended it and when, and every earlier version (who wrote it, when)', () => {
    const v = foldReview(I, [
      finding(1, 'f', 4),
      amend(2, 'a1', 'f', { verdict: 'strength', text: 'f' }, { verdict: 'improvement', text: 'Typo fixed' }),
      finding(3, 'g', 2),
      amend(4, 'a2', 'f', { verdict: 'improvement', text: 'Typo fixed' }, { verdict: 'improvement', text: 'Typo fixed, again' }, cy),
    ]);
    const f = v.findings.find((x) => x.id === 'f')!;
    expect(f).toMatchObject({ text: 'Typo fixed, again', verdict: 'improvement', author: ann, createdAt: 1001, reviewSeq: 1, revision: 4, withdrawn: null });
    expect(f.amended).toEqual({ by: cy, at: 1004 });
    expect(f.earlier).toEqual([
      { verdict: 'strength', text: 'f', by: ann, at: 1001 },
      { verdict: 'improvement', text: 'Typo fixed', by: bo, at: 1002 },
    ]);
    // Moment order is unchanged by a correction; an untouched finding has no history.
    expect(v.findings.map((x) => x.id)).toEqual(['g', 'f']);
    expect(v.findings[0]).toMatchObject({ revision: 3, amended: null, earlier: [], withdrawn: null });
  });

  it('REV3: a withdrawn finding stays in the view, marked with who withdrew it, when and why; corrections of unknown findings are ignored', () => {
    const v = foldReview(I, [
      finding(1, 'f', 4),
      { seq: 2, ts: 1002, id: 'w', incidentId: I, actor: bo, type: 'FindingWithdrawn', findingId: 'f', reason: 'Wrong incident' },
      { seq: 3, ts: 1003, id: 'x', incidentId: I, actor: bo, type: 'FindingWithdrawn', findingId: 'nope', reason: 'r' },
    ]);
    expect(v.headSeq).toBe(3);
    expect(v.findings).toHaveLength(1);
    expect(v.findings[0]).toMatchObject({ id: 'f', text: 'f', revision: 2, withdrawn: { by: bo, at: 1002, reason: 'Wrong incident' } });
    // The report's findings: those that stand.
    const both = foldReview(I, [finding(1, 'f', 4), finding(2, 'g', 5), { seq: 3, ts: 1003, id: 'w', incidentId: I, actor: bo, type: 'FindingWithdrawn', findingId: 'f', reason: 'r' }]);
    expect(standingFindings(both.findings).map((f) => f.id)).toEqual(['g']);
  });

  it('REV3: a reinstated finding stands again (the report counts it), its withdrawal kept with who reinstated it, when and why; a reinstatement of a standing finding changes nothing', () => {
    const withdraw = (seq: number, id: string, actor: Actor, reason: string): ReviewEntry => ({ seq, ts: 1000 + seq, id, incidentId: I, actor, type: 'FindingWithdrawn', findingId: 'f', reason });
    const reinstate = (seq: number, id: string, actor: Actor, reason: string | null): ReviewEntry => ({ seq, ts: 1000 + seq, id, incidentId: I, actor, type: 'FindingReinstated', findingId: 'f', reason });
    const v = foldReview(I, [
      finding(1, 'f', 4),
      amend(2, 'a1', 'f', { verdict: 'strength', text: 'f' }, { verdict: 'improvement', text: 'Reworded' }),
      withdraw(3, 'w1', ann, 'Clicked the wrong one'),
      reinstate(4, 'r1', bo, 'Withdrawn by mistake'),
      withdraw(5, 'w2', cy, 'Duplicate'),
      reinstate(6, 'r2', ann, null),
      // Standing already: nothing changes (not its revision either).
      reinstate(7, 'r3', bo, 'Again'),
      { seq: 8, ts: 1008, id: 'r4', incidentId: I, actor: bo, type: 'FindingReinstated', findingId: 'nope', reason: null },
    ]);
    expect(v.headSeq).toBe(8);
    expect(v.findings).toHaveLength(1);
    const f = v.findings[0];
    // Its history is kept: who wrote it, when, its amendment; it stands in its current wording.
    expect(f).toMatchObject({ id: 'f', author: ann, createdAt: 1001, text: 'Reworded', amended: { by: bo, at: 1002 }, withdrawn: null, revision: 6 });
    expect(f.earlier).toHaveLength(1);
    expect(f.reinstated).toEqual([
      { withdrawn: { by: ann, at: 1003, reason: 'Clicked the wrong one' }, by: bo, at: 1004, reason: 'Withdrawn by mistake' },
      { withdrawn: { by: cy, at: 1005, reason: 'Duplicate' }, by: ann, at: 1006, reason: null },
    ]);
    expect(standingFindings(v.findings).map((x) => x.id)).toEqual(['f']);
    // Withdrawn again after a reinstatement: withdrawn, the reinstatement before it still listed.
    const again = foldReview(I, [finding(1, 'f', 4), withdraw(2, 'w1', ann, 'x'), reinstate(3, 'r1', bo, null), withdraw(4, 'w2', bo, 'y')]).findings[0];
    expect(again).toMatchObject({ revision: 4, withdrawn: { by: bo, at: 1004, reason: 'y' } });
    expect(again.reinstated).toHaveLength(1);
    expect(standingFindings([again])).toEqual([]);
    // Never withdrawn, never reinstated.
    expect(foldReview(I, [finding(1, 'f', 4)]).findings[0].reinstated).toEqual([]);
  });

  it('REV3: an improvement item keeps its status history: open when added (by whom), then each change with who and when', () => {
    const v = foldReview(I, [
      { seq: 1, ts: 1001, id: 'item', incidentId: I, actor: ann, type: 'ImprovementAdded', item: { findingId: null, action: 'a', agency: 'fire', dueDate: '2027-01-01' } },
      { seq: 2, ts: 1002, id: 's1', incidentId: I, actor: bo, type: 'ImprovementStatusChanged', itemId: 'item', from: 'open', to: 'in_progress' },
      { seq: 3, ts: 1003, id: 's2', incidentId: I, actor: cy, type: 'ImprovementStatusChanged', itemId: 'item', from: 'in_progress', to: 'done' },
      { seq: 4, ts: 1004, id: 's3', incidentId: I, actor: ann, type: 'ImprovementStatusChanged', itemId: 'item', from: 'done', to: 'in_progress' },
    ]);
    const item = v.improvements[0];
    expect(item).toMatchObject({ status: 'in_progress', createdBy: ann, createdAt: 1001, updatedBy: ann, updatedAt: 1004 });
    expect(item.history).toEqual([
      { status: 'open', by: ann, at: 1001 },
      { status: 'in_progress', by: bo, at: 1002 },
      { status: 'done', by: cy, at: 1003 },
      { status: 'in_progress', by: ann, at: 1004 },
    ]);
  });
});

// SPEC REV5: an imported review log must be one the live review routes could have written beside its incident log.
describe('reviewLogBreak (SPEC REV5)', () => {
  const TASK = 'task-1';
  const events = sequence([
    opened(['fire', 'customs', 'port']),
    { type: 'MessagePosted', payload: { messageId: 'msg-1', text: 'Cordon up', toAgency: null, alert: false } },
    taskCreated(TASK),
    { type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'customs', 'port'], to: ['fire', 'customs', 'port', 'medical'] } } },
  ]);
  const at = (n: number) => events[n - 1].ts;
  let seq = 0;
  const e = (body: Record<string, unknown>, id = `e-${seq + 1}`): ReviewEntry => ({ seq: ++seq, ts: 5000 + seq, id, incidentId: I, actor: ann, ...body }) as ReviewEntry;
  const added = (id: string, atSeq: number, ref: FindingRef | null = null, text = id) =>
    e({ type: 'FindingAdded', finding: { atSeq, atTs: at(atSeq), ref, verdict: 'improvement', text } }, id);
  // Each case builds its entries lazily, so `seq` restarts at 1 for each.
  const run = (build: () => ReviewEntry[]) => {
    seq = 0;
    return reviewLogBreak(build(), events);
  };

  it('accepts what the live routes write: findings with refs at their moments, corrections, items and their statuses', () => {
    expect(
      run(() => [
        added('f1', 3, { kind: 'task', taskId: TASK }),
        added('f2', 2, { kind: 'message', messageId: 'msg-1' }),
        added('f3', 4, { kind: 'agency', agency: 'medical' }),
        e({ type: 'FindingAmended', findingId: 'f1', from: { verdict: 'improvement', text: 'f1' }, to: { verdict: 'strength', text: 'f1, better' } }),
        e({ type: 'FindingWithdrawn', findingId: 'f2', reason: 'wrong message' }),
        e({ type: 'FindingReinstated', findingId: 'f2', reason: null }),
        e({ type: 'ImprovementAdded', item: { findingId: 'f1', action: 'a', agency: 'fire', dueDate: '2027-01-01' } }, 'i1'),
        e({ type: 'ImprovementStatusChanged', itemId: 'i1', from: 'open', to: 'in_progress' }),
        e({ type: 'ImprovementStatusChanged', itemId: 'i1', from: 'in_progress', to: 'done' }),
      ]),
    ).toBeNull();
    expect(reviewLogBreak([], events)).toBeNull();
  });

  it('REV4: refuses an entry written by a role that cannot review (a responder, a liaison, a wall screen), as the live routes would have', () => {
    const by = (actor: Record<string, unknown>) => (entry: ReviewEntry) => ({ ...entry, actor }) as unknown as ReviewEntry;
    const responder = by({ userId: 'u-r', name: 'Wang (Fire)', agency: 'fire', role: 'responder' });
    expect(run(() => [responder(added('f1', 1))])).toMatchObject({ seq: 1, message: expect.stringMatching(/written by a responder, who cannot review/) });
    const liaison = by({ userId: 'u-l', name: 'Chen (Customs)', agency: 'customs', role: 'liaison' });
    expect(run(() => [added('f1', 1), liaison(e({ type: 'FindingWithdrawn', findingId: 'f1', reason: 'not ours' }))])).toMatchObject({ seq: 2 });
    // Observers, commanders and admins: as written.
    for (const role of ['observer', 'commander', 'admin'])
      expect(run(() => [by({ userId: 'u', name: 'N', agency: null, role })(added('f1', 1))]), role).toBeNull();
  });

  it('refuses a finding at a moment the log does not have, or with another time than its event', () => {
    expect(run(() => [e({ type: 'FindingAdded', finding: { atSeq: 5, atTs: at(4), ref: null, verdict: 'strength', text: 'x' } })])?.message).toMatch(/^review seq 1: atSeq 5 is past the incident's 4 events/);
    expect(run(() => [e({ type: 'FindingAdded', finding: { atSeq: 2, atTs: at(2) + 1, ref: null, verdict: 'strength', text: 'x' } })])).toMatchObject({ seq: 1 });
  });

  it('refuses a ref not in the incident at the finding’s moment (a task created later, an agency added later, a message never posted), naming the first such entry', () => {
    expect(run(() => [added('f1', 2, { kind: 'task', taskId: TASK })])).toMatchObject({ seq: 1, message: expect.stringMatching(/task is not in the incident at event 2/) });
    expect(run(() => [added('ok', 4), added('f1', 3, { kind: 'agency', agency: 'medical' })])).toMatchObject({ seq: 2 });
    expect(run(() => [added('f1', 4, { kind: 'message', messageId: 'msg-2' }), added('f2', 1, { kind: 'task', taskId: TASK })])).toMatchObject({ seq: 1 });
    // A bad ref before an entry that breaks another rule is the one named, and the other way round.
    expect(run(() => [added('f1', 2, { kind: 'task', taskId: TASK }), e({ type: 'FindingWithdrawn', findingId: 'nobody', reason: 'r' })])).toMatchObject({ seq: 1 });
    expect(run(() => [e({ type: 'FindingWithdrawn', findingId: 'nobody', reason: 'r' }), added('f1', 2, { kind: 'task', taskId: TASK })])).toMatchObject({ seq: 1, message: expect.stringMatching(/no finding nobody/) });
  });

  it('refuses corrections a live review could not make: of a finding not written before, amending or withdrawing a withdrawn one, reinstating one that stands, an amendment whose from is not the wording then or that changes nothing', () => {
    const withdraw = (findingId: string) => e({ type: 'FindingWithdrawn', findingId, reason: 'r' });
    const amend = (findingId: string, from: string, to: string) =>
      e({ type: 'FindingAmended', findingId, from: { verdict: 'improvement', text: from }, to: { verdict: 'improvement', text: to } });
    expect(run(() => [withdraw('f1'), added('f1', 1)])).toMatchObject({ seq: 1, message: expect.stringMatching(/no finding f1 before it/) });
    expect(run(() => [added('f1', 1), withdraw('f1'), amend('f1', 'f1', 'new')])).toMatchObject({ seq: 3, message: expect.stringMatching(/withdrawn/) });
    expect(run(() => [added('f1', 1), withdraw('f1'), withdraw('f1')])).toMatchObject({ seq: 3 });
    expect(run(() => [added('f1', 1), e({ type: 'FindingReinstated', findingId: 'f1', reason: null })])).toMatchObject({ seq: 2, message: expect.stringMatching(/not withdrawn/) });
    expect(run(() => [added('f1', 1), amend('f1', 'other', 'new')])).toMatchObject({ seq: 2, message: expect.stringMatching(/"from"/) });
    expect(run(() => [added('f1', 1), amend('f1', 'f1', 'f1')])).toMatchObject({ seq: 2, message: expect.stringMatching(/changes nothing/) });
    expect(run(() => [added('f1', 1), amend('f1', 'f1', 'two'), amend('f1', 'f1', 'three')])).toMatchObject({ seq: 3 });
  });

  it('refuses an item from a finding not written or withdrawn, and a status change of no item, from another status, or to the same', () => {
    const item = (id: string, findingId: string | null) => e({ type: 'ImprovementAdded', item: { findingId, action: 'a', agency: 'port', dueDate: '2027-01-01' } }, id);
    const status = (itemId: string, from: string, to: string) => e({ type: 'ImprovementStatusChanged', itemId, from, to });
    expect(run(() => [item('i1', 'f1')])).toMatchObject({ seq: 1 });
    expect(run(() => [added('f1', 1), e({ type: 'FindingWithdrawn', findingId: 'f1', reason: 'r' }), item('i1', 'f1')])).toMatchObject({ seq: 3 });
    expect(run(() => [status('i1', 'open', 'done')])).toMatchObject({ seq: 1, message: expect.stringMatching(/no improvement item i1/) });
    expect(run(() => [item('i1', null), status('i1', 'in_progress', 'done')])).toMatchObject({ seq: 2, message: expect.stringMatching(/is open/) });
    expect(run(() => [item('i1', null), status('i1', 'open', 'open')])).toMatchObject({ seq: 2 });
    expect(run(() => [item('i1', null), status('i1', 'open', 'done'), status('i1', 'done', 'open')])).toBeNull();
    // An item written while its finding stood keeps its plan when the finding is withdrawn later (the live routes allow it).
    expect(run(() => [added('f1', 1), item('i1', 'f1'), e({ type: 'FindingWithdrawn', findingId: 'f1', reason: 'r' }), status('i1', 'open', 'done')])).toBeNull();
  });
});

describe('findingActionBreak: the one rule on what may be done to a finding (SPEC REV3; the routes and the import both apply it)', () => {
  it('amend, withdraw and an item from it want a finding that stands; reinstate wants one withdrawn; none without the finding', () => {
    const standing = { withdrawn: null };
    const withdrawn = { withdrawn: { by: ann, at: 1, reason: 'r' } };
    for (const action of ['FindingAmended', 'FindingWithdrawn', 'ImprovementAdded'] as const) {
      expect(findingActionBreak(standing, action)).toBeNull();
      expect(findingActionBreak(withdrawn, action)).toBe('withdrawn');
      expect(findingActionBreak(undefined, action)).toBe('no-finding');
    }
    expect(findingActionBreak(withdrawn, 'FindingReinstated')).toBeNull();
    expect(findingActionBreak(standing, 'FindingReinstated')).toBe('not-withdrawn');
    expect(findingActionBreak(undefined, 'FindingReinstated')).toBe('no-finding');
    // The import's own light record of a finding says withdrawn as a boolean.
    expect(findingActionBreak({ withdrawn: true }, 'FindingAmended')).toBe('withdrawn');
    expect(findingActionBreak({ withdrawn: false }, 'FindingAmended')).toBeNull();
  });
});
