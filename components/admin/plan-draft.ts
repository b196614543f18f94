import type { EmergencyPlan } from '@/lib/domain/plans';
import type { Priority } from '@/lib/domain/incident/vocabulary';
import { SavePlanRequest } from '@/lib/protocol/plans';

/** One action as the plan editor holds it: the due time as typed (minutes, '' for none). */
export interface DraftAction {
  key: string;
  agency: string;
  titleZh: string;
  titleEn: string;
  priority: Priority;
  due: string;
}

export interface PlanDraft {
  nameZh: string;
  nameEn: string;
  actions: DraftAction[];
}

/** A plan (saved, or built in) as the editor starts from it. */
export function toDraft(plan: EmergencyPlan): PlanDraft {
  return {
    nameZh: plan.name.zh,
    nameEn: plan.name.en,
    actions: plan.actions.map((a) => ({
      key: a.key,
      agency: a.agency,
      titleZh: a.title.zh,
      titleEn: a.title.en,
      priority: a.priority,
      due: a.dueMinutes === null ? '' : String(a.dueMinutes),
    })),
  };
}

/** A due time as typed: '' is none; anything else must be whole minutes (the schema says how many). */
function dueMinutes(due: string): number | null {
  const v = due.trim();
  if (v === '') return null;
  return /^\d+$/.test(v) ? Number(v) : NaN;
}

/** The save request of a draft begun from `version`: trimmed, due times as numbers. */
export function toRequest(draft: PlanDraft, version: number): SavePlanRequest {
  return {
    version,
    name: { zh: draft.nameZh.trim(), en: draft.nameEn.trim() },
    actions: draft.actions.map((a) => ({
      key: a.key,
      agency: a.agency,
      title: { zh: a.titleZh.trim(), en: a.titleEn.trim() },
      priority: a.priority,
      dueMinutes: dueMinutes(a.due),
    })),
  };
}

/**
 * The fields of a draft the save schema refuses, as paths, an action's by its key (so a mark stays
 * with its action when actions move): 'name.zh', 'action:<key>.title.en', 'action:<key>.dueMinutes',
 * 'actions' (too many). Empty when it may be sent.
 */
export function invalidPaths(draft: PlanDraft): Set<string> {
  const parsed = SavePlanRequest.safeParse(toRequest(draft, 0));
  if (parsed.success) return new Set();
  return new Set(
    parsed.error.issues.map(({ path: [first, index, ...rest] }) =>
      first === 'actions' && typeof index === 'number' && draft.actions[index]
        ? [`action:${draft.actions[index].key}`, ...rest].join('.')
        : [first, index, ...rest].filter((p) => p !== undefined).join('.'),
    ),
  );
}

/** A draft as typed, trimmed: what tells one edit from another ("abc" in a due time is not "" ). */
function typed(d: PlanDraft): string {
  return JSON.stringify([d.nameZh.trim(), d.nameEn.trim(), d.actions.map((a) => [a.key, a.agency, a.titleZh.trim(), a.titleEn.trim(), a.priority, a.due.trim()])]);
}

/** Whether two drafts hold the same plan as typed (spaces around a field aside). */
export function sameDraft(a: PlanDraft, b: PlanDraft): boolean {
  return typed(a) === typed(b);
}

/** The draft with the action at `index` moved by `by` places (kept within the list). */
export function moveAction(draft: PlanDraft, index: number, by: -1 | 1): PlanDraft {
  const to = index + by;
  if (to < 0 || to >= draft.actions.length) return draft;
  const actions = [...draft.actions];
  [actions[index], actions[to]] = [actions[to], actions[index]];
  return { ...draft, actions };
}
