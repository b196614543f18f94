import { toCsv, type CsvCell } from '../csv';
import type { Actor } from '../domain/actor';
import { tPlus } from '../i18n/elapsed';
import type { Finding, FindingRef, ImprovementItem, ReviewLogView } from '../protocol/review';
import type { Translate } from './describe-event';
import { localStamp } from './timeline-csv';

/**
 * The review log as two CSVs (SPEC REV5), for those who take the after-action review on outside
 * Portline: the findings, every one of them (a withdrawn one says so, with who and why), and the
 * improvement plan, the list a planning office tracks until each change to the emergency plan is
 * made. Headings and words in the chosen language (exports.findingsCsv.*, exports.planCsv.*),
 * times local to the chosen zone (named in their headings): read by people in Excel or WPS, as
 * the timeline and tasks CSVs are.
 */
export interface ReviewCsvWords {
  t: Translate;
  agencyName: (code: string) => string;
  timeZone: string;
}

/** What the CSVs need of the incident: when it opened (T+), and its tasks' titles (a finding about a task). */
export interface ReviewCsvIncident {
  openedAt: number;
  taskTitle: (taskId: string) => string | null;
}

export const FINDINGS_CSV_COLUMNS = [
  'findingId',
  'seq',
  'moment',
  'elapsed',
  'verdict',
  'about',
  'text',
  'author',
  'role',
  'written',
  'amended',
  'withdrawn',
  'withdrawnBy',
  'withdrawnReason',
  'reinstated',
  'improvementItems',
] as const;

export const PLAN_CSV_COLUMNS = [
  'itemId',
  'action',
  'agency',
  'agencyCode',
  'due',
  'status',
  'statusSince',
  'finding',
  'findingId',
  'addedBy',
  'added',
  'history',
] as const;

const who = (t: Translate, a: Actor) => t('exports.findingsCsv.who', { name: a.name, role: t(`roles.${a.role}`) });

function about(ref: FindingRef | null, w: ReviewCsvWords, incident: ReviewCsvIncident): string | null {
  if (!ref) return null;
  if (ref.kind === 'agency') return w.t('report.refAgency', { agency: w.agencyName(ref.agency) });
  if (ref.kind === 'task') return w.t('report.refTask', { title: incident.taskTitle(ref.taskId) ?? ref.taskId });
  return w.t('report.refMessage');
}

/**
 * One row per finding, oldest moment first (as the review page lists them), in its current wording.
 * A withdrawn one says who withdrew it, when and why; each withdrawal undone since is kept in
 * "withdrawn and reinstated" with both sides (who, when, why), as the page's history shows them.
 */
export function findingsCsv(review: ReviewLogView, incident: ReviewCsvIncident, w: ReviewCsvWords): string {
  const { t, timeZone } = w;
  const local = (ms: number) => localStamp(ms, timeZone);
  const yes = (b: boolean) => t(b ? 'exports.tasksCsv.yes' : 'exports.tasksCsv.no');
  const items = new Map<string, number>();
  for (const i of review.improvements) if (i.findingId) items.set(i.findingId, (items.get(i.findingId) ?? 0) + 1);
  return toCsv(
    FINDINGS_CSV_COLUMNS.map((k) => t(`exports.findingsCsv.${k}`, { zone: timeZone })),
    review.findings.map((f: Finding): CsvCell[] => [
      f.id,
      f.atSeq,
      local(f.atTs),
      tPlus(f.atTs - incident.openedAt),
      t(`findings.verdict.${f.verdict}`),
      about(f.ref, w, incident),
      f.text,
      f.author.name,
      t(`roles.${f.author.role}`),
      local(f.createdAt),
      f.amended ? t('exports.findingsCsv.byAt', { who: who(t, f.amended.by), at: local(f.amended.at) }) : null,
      yes(f.withdrawn !== null),
      f.withdrawn ? t('exports.findingsCsv.byAt', { who: who(t, f.withdrawn.by), at: local(f.withdrawn.at) }) : null,
      f.withdrawn?.reason ?? null,
      f.reinstated.length > 0
        ? f.reinstated
            .map((r) =>
              t(r.reason === null ? 'exports.findingsCsv.reinstatement' : 'exports.findingsCsv.reinstatementWithReason', {
                withdrawnBy: who(t, r.withdrawn.by),
                withdrawnAt: local(r.withdrawn.at),
                withdrawnReason: r.withdrawn.reason,
                by: who(t, r.by),
                at: local(r.at),
                reason: r.reason ?? '',
              }),
            )
            .join(t('exports.findingsCsv.listSeparator'))
        : null,
      items.get(f.id) ?? 0,
    ]),
  );
}

/** One row per improvement item, in the order added (as the plan lists them), each with the finding it answers. */
export function planCsv(review: ReviewLogView, w: ReviewCsvWords): string {
  const { t, agencyName, timeZone } = w;
  const local = (ms: number) => localStamp(ms, timeZone);
  const status = (s: ImprovementItem['status']) => t(`findings.status.${s}`);
  const findings = new Map(review.findings.map((f) => [f.id, f]));
  return toCsv(
    PLAN_CSV_COLUMNS.map((k) => t(`exports.planCsv.${k}`, { zone: timeZone })),
    review.improvements.map((i): CsvCell[] => {
      const f = i.findingId ? findings.get(i.findingId) : undefined;
      return [
        i.id,
        i.action,
        agencyName(i.agency),
        i.agency,
        i.dueDate,
        status(i.status),
        local(i.history.at(-1)?.at ?? i.updatedAt),
        f ? t('exports.planCsv.fromFinding', { verdict: t(`findings.verdict.${f.verdict}`), text: f.text }) : null,
        i.findingId,
        who(t, i.createdBy),
        local(i.createdAt),
        i.history.map((s) => t('exports.planCsv.step', { status: status(s.status), who: s.by.name, at: local(s.at) })).join(t('exports.planCsv.stepSeparator')),
      ];
    }),
  );
}
