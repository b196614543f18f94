import { samePlan } from '@/lib/domain/plans';
import { IMPORT_CLOCK_SKEW_MS } from '@/lib/protocol/export';
import { PLANS_FILE_FORMAT, PLANS_FILE_VERSION, PlansFile, type PlanView } from '@/lib/protocol/plans';

/**
 * Reading a plans file from another installation into this one (SPEC PLAN3), before anything is
 * saved: whether the file is one, and what each of its plans would do here.
 */

export type FileReading =
  | { ok: true; file: PlansFile }
  /**
   * `json`: not JSON; `newer`: a plans file of a later format than this Portline reads; `format`:
   * not a plans file, `detail` saying where and why (the schema's words, in English: for whoever
   * supports the command centre, as a server's message is); `future`: written later than this
   * computer's clock (beyond an incident log's allowance).
   */
  | { ok: false; reason: 'json' | 'newer' | 'future' }
  | { ok: false; reason: 'format'; detail: string };

/** The file's text as a plans file, or why not. `now`: this computer's clock (a file written later than it is refused, as an incident log is). */
export function readPlansFile(text: string, now: number = Date.now()): FileReading {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'json' };
  }
  const head = json as { format?: unknown; version?: unknown } | null;
  if (head?.format === PLANS_FILE_FORMAT && typeof head.version === 'number' && head.version > PLANS_FILE_VERSION)
    return { ok: false, reason: 'newer' };
  const parsed = PlansFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'format', detail: issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message };
  }
  if (parsed.data.exportedAt > now + IMPORT_CLOCK_SKEW_MS) return { ok: false, reason: 'future' };
  return { ok: true, file: parsed.data };
}

type FilePlan = PlansFile['plans'][number];

export interface ImportRow {
  plan: FilePlan;
  /** This installation's plan of the scenario now. */
  here: PlanView;
  /**
   * `same`: equal to this installation's (left alone); `replace`: saved over it; `agencies`: names
   * agencies this installation's directory does not have (`unknown`), not saved.
   */
  outcome: 'same' | 'replace' | 'agencies';
  unknown: string[];
}

/** What each plan of the file would do here, in the file's order. */
export function importRows(file: PlansFile, here: readonly PlanView[], agencies: ReadonlySet<string>): ImportRow[] {
  return file.plans.flatMap((plan) => {
    const now = here.find((p) => p.scenario === plan.scenario);
    if (!now) return [];
    const unknown = [...new Set(plan.actions.map((a) => a.agency).filter((code) => !agencies.has(code)))];
    const outcome = unknown.length > 0 ? 'agencies' : samePlan(now, plan) ? 'same' : 'replace';
    return [{ plan, here: now, outcome, unknown }];
  });
}
