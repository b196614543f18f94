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
 * The fields of a draft the save schema refuses, as paths: 'name.zh', 'actions.3.title.en',
 * 'actions.3.dueMinutes', 'actions' (too many). Empty when it may be sent.
 */
export function invalidPaths(draft: PlanDraft): Set<string> {
  const parsed = SavePlanRequest.safeParse(toRequest(draft, 0));
  return parsed.success ? new Set() : new Set(parsed.error.issues.map((i) => i.path.join('.')));
}

/** Whether two drafts would save the same plan. */
export function sameDraft(a: PlanDraft, b: PlanDraft): boolean {
  return JSON.stringify(toRequest(a, 0)) === JSON.stringify(toRequest(b, 0));
}

/** The draft with the action at `index` moved by `by` places (kept within the list). */
export function moveAction(draft: PlanDraft, index: number, by: -1 | 1): PlanDraft {
  const to = index + by;
  if (to < 0 || to >= draft.actions.length) return draft;
  const actions = [...draft.actions];
  [actions[index], actions[to]] = [actions[to], actions[index]];
  return { ...draft, actions };
}
