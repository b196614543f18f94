import { describe, expect, it } from 'vitest';
import { builtInPlan, DEFAULT_PLANS } from '@/lib/domain/plans';
import { LIMITS } from '@/lib/domain/limits';
import { invalidPaths, moveAction, sameDraft, toDraft, toRequest } from './plan-draft';

describe("the plan editor's draft (SPEC PLAN2)", () => {
  it('a built-in plan goes through the editor unchanged and may be saved as it is', () => {
    const plan = DEFAULT_PLANS.hazmat!;
    const request = toRequest(toDraft(plan), 0);
    expect(request.name).toEqual(plan.name);
    expect(request.actions).toEqual(plan.actions);
    expect(invalidPaths(toDraft(plan))).toEqual(new Set());
    expect(toDraft(builtInPlan('other')).actions).toEqual([]);
  });

  it('marks what the server would refuse, by field', () => {
    const draft = toDraft(DEFAULT_PLANS.fire!);
    draft.nameEn = '  ';
    draft.actions[1] = { ...draft.actions[1], titleZh: '', due: '0' };
    draft.actions[2] = { ...draft.actions[2], due: '1.5' };
    draft.actions[3] = { ...draft.actions[3], due: String(24 * 60 + 1) };
    draft.actions[4] = { ...draft.actions[4], due: ' 30 ' };
    const k = draft.actions.map((a) => a.key);
    expect(invalidPaths(draft)).toEqual(new Set(['name.en', `action:${k[1]}.title.zh`, `action:${k[1]}.dueMinutes`, `action:${k[2]}.dueMinutes`, `action:${k[3]}.dueMinutes`]));
    // Marked by key: moved, the marks go with their actions.
    expect(invalidPaths(moveAction(draft, 1, 1))).toEqual(invalidPaths(draft));
    expect(toRequest(draft, 3).actions[4].dueMinutes).toBe(30);
    expect(toRequest(draft, 3).version).toBe(3);
  });

  it('refuses more than the limit of actions', () => {
    const draft = toDraft(DEFAULT_PLANS.hazmat!);
    const one = draft.actions[0];
    draft.actions = Array.from({ length: LIMITS.planActions + 1 }, (_, i) => ({ ...one, key: `a${i}` }));
    expect(invalidPaths(draft)).toEqual(new Set(['actions']));
  });

  it('moves an action up or down within the list, and compares what would be saved', () => {
    const draft = toDraft(DEFAULT_PLANS.epidemic!);
    const keys = draft.actions.map((a) => a.key);
    const down = moveAction(draft, 0, 1);
    expect(down.actions.map((a) => a.key)).toEqual([keys[1], keys[0], ...keys.slice(2)]);
    expect(moveAction(draft, 0, -1)).toBe(draft);
    expect(moveAction(draft, keys.length - 1, 1)).toBe(draft);
    expect(sameDraft(draft, down)).toBe(false);
    expect(sameDraft(draft, moveAction(down, 1, -1))).toBe(true);
    expect(sameDraft(draft, { ...draft, nameZh: ` ${draft.nameZh} ` })).toBe(true);
    // A due time typed wrong is a change (it would be refused), not the same as none.
    const noDue = draft.actions.findIndex((a) => a.due === '');
    const typo = { ...draft, actions: draft.actions.map((a, i) => (i === noDue ? { ...a, due: 'abc' } : a)) };
    expect(sameDraft(draft, typo)).toBe(false);
  });
});
