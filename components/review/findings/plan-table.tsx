'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError } from '@/lib/client/api/api-error';
import { useChangeImprovementStatus } from '@/lib/client/api/review-write';
import { newId } from '@/lib/client/new-id';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { IMPROVEMENT_STATUSES, type Finding, type ImprovementItem, type ImprovementStatus } from '@/lib/protocol/review';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { cx } from '@/components/ui/cx';
import { ErrorMessage } from '@/components/ui/error-message';
import { Select } from '@/components/ui/inputs';
import { excerpt, itemOverdue } from './finding-helpers';
import { useToday } from '@/components/ui/use-now';
import { OverdueMark } from './overdue-mark';

const STATUS_STYLE: Record<ImprovementStatus, string> = {
  open: 'bg-slate-100 text-slate-900 ring-slate-300',
  in_progress: 'bg-sky-50 text-sky-900 ring-sky-300',
  done: 'bg-emerald-50 text-emerald-900 ring-emerald-300',
};

/**
 * The improvement plan: action, owning agency, due date, status (changed in place when allowed);
 * who added each item, and who set each of its statuses and when (a disclosure).
 */
export function PlanTable(props: { incidentId: string; items: ImprovementItem[]; findings: Map<string, Finding>; canChange: boolean }) {
  // One clock for every row's overdue mark.
  const today = useToday();
  const t = useTranslations('findings.plan');
  if (props.items.length === 0)
    return (
      <p data-testid="plan-empty" className="rounded border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
        {t('none')}
      </p>
    );
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white shadow-sm">
      <table data-testid="plan-table" className="w-full text-left text-sm">
        <thead className="bg-slate-100 text-xs uppercase tracking-wide text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">{t('columns.action')}</th>
            <th scope="col" className="px-3 py-2">{t('columns.agency')}</th>
            <th scope="col" className="px-3 py-2">{t('columns.due')}</th>
            <th scope="col" className="px-3 py-2">{t('columns.status')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {props.items.map((item) => (
            <PlanRow key={item.id} incidentId={props.incidentId} item={item} finding={item.findingId ? props.findings.get(item.findingId) : undefined} canChange={props.canChange} today={today} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PlanRow({ incidentId, item, finding, canChange, today }: { incidentId: string; item: ImprovementItem; finding?: Finding; canChange: boolean; today: string }) {
  const t = useTranslations('findings');
  const clock = useClockFormat();
  const change = useChangeImprovementStatus(incidentId);
  const [failed, setFailed] = useState<ApiError | null>(null);
  const overdue = itemOverdue(item, today);
  const onStatus = (status: ImprovementStatus) => {
    setFailed(null);
    // expectedStatus: what this person saw. If someone moved it meanwhile: CONFLICT, and the list refreshes.
    change.mutate({ itemId: item.id, id: newId(), status, expectedStatus: item.status }, { onError: (e) => setFailed(e instanceof ApiError ? e : null) });
  };
  return (
    <tr data-testid="plan-row" data-item-id={item.id} data-status={item.status} data-overdue={overdue || undefined} className="align-top">
      <td className="px-3 py-2">
        <p className="whitespace-pre-wrap break-words font-medium text-slate-950">{item.action}</p>
        {finding && (
          <p className="mt-0.5 text-xs text-slate-600">
            {t('plan.fromFindingLabel', { verdict: t(`verdict.${finding.verdict}`), text: excerpt(finding.text, 60) })}
          </p>
        )}
        <p data-testid="plan-created" className="mt-0.5 text-xs text-slate-500">
          {t('plan.created', { name: item.createdBy.name, at: clock.stamp(item.createdAt) })}
        </p>
        {item.history.length > 1 && (
          // Who set each status and when (SPEC REV3: an item keeps every status change).
          <details data-testid="plan-history" className="mt-0.5 text-xs text-slate-600">
            <summary className="cursor-pointer text-blue-800 underline underline-offset-2 hover:text-blue-950">
              {t('plan.history', { count: item.history.length - 1, name: item.updatedBy.name, at: clock.stamp(item.updatedAt) })}
            </summary>
            <ol className="mt-1 space-y-0.5 border-l-2 border-slate-200 pl-3">
              {item.history.map((h, i) => (
                <li key={i} data-testid="plan-history-step" data-status={h.status}>
                  {t('plan.historyStep', { status: t(`status.${h.status}`), name: h.by.name, at: clock.stamp(h.at) })}
                </li>
              ))}
            </ol>
          </details>
        )}
        {failed?.code === 'CONFLICT' ? (
          // Said in the plan's own words: the row already shows the status it changed to.
          <ErrorMessage error={{ code: 'CONFLICT', message: '' }} text={t('plan.conflict', { status: t(`status.${item.status}`) })} tone="warning" className="mt-2" />
        ) : (
          failed && <ErrorMessage error={failed} className="mt-2" />
        )}
      </td>
      <td className="px-3 py-2">
        <AgencyChip code={item.agency} />
      </td>
      <td className="px-3 py-2 tabular-nums whitespace-nowrap">
        {item.dueDate}
        {overdue && (
          <>
            {' '}
            <OverdueMark />
          </>
        )}
      </td>
      <td className="px-3 py-2">
        {canChange ? (
          <Select
            data-testid="plan-status-select"
            aria-label={t('plan.columns.status')}
            value={item.status}
            disabled={change.isPending}
            onChange={(e) => onStatus(e.target.value as ImprovementStatus)}
            className="w-auto"
          >
            {IMPROVEMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </Select>
        ) : (
          <span data-testid="plan-status" className={cx('rounded px-2 py-0.5 text-xs font-semibold ring-1', STATUS_STYLE[item.status])}>
            {t(`status.${item.status}`)}
          </span>
        )}
      </td>
    </tr>
  );
}
