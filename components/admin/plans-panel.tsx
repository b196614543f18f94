'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Scenario, SCENARIOS } from '@/lib/domain/incident/vocabulary';
import { ApiError } from '@/lib/client/api/api-error';
import { usePlans } from '@/lib/client/api/plans';
import { ErrorMessage } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { cx } from '@/components/ui/cx';
import { mayLeave } from '@/components/ui/use-leave-guard';
import { PlanEditor } from './plan-editor';
import { PlansTransfer } from './plans-transfer';
import { usePlanSummary } from './use-plan-summary';

/**
 * The installation's emergency plans (SPEC PLAN2): one per scenario, each edited in PlanEditor.
 * Choosing another scenario while the plan on screen has changes not saved asks first, as the
 * admin page's tabs and links do (the changes are discarded if the admin agrees).
 */
export function PlansPanel({ dirty, onDirtyChange, initial = null }: { dirty: boolean; onDirtyChange: (dirty: boolean) => void; initial?: string | null }) {
  const t = useTranslations('admin.plans');
  const tc = useTranslations('common');
  const tScenario = useTranslations('scenario');
  const summary = usePlanSummary();
  const plans = usePlans({ fresh: true });
  const [scenario, setScenario] = useState<Scenario>(() => Scenario.safeParse(initial).data ?? 'hazmat');
  const plan = plans.data?.find((p) => p.scenario === scenario);
  return (
    <div data-testid="plans-panel">
      {/* One row: the export and import stay at the right when the note beside them shows (wrapped, they jumped to the left). */}
      <div className="mb-3 flex items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <h2 className="text-base font-semibold">{t('title')}</h2>
          <p className="mt-1 max-w-4xl text-sm text-slate-700">{t('description')}</p>
        </div>
        {plans.data && <PlansTransfer plans={plans.data} blocked={dirty} />}
      </div>
      {plans.isPending && <Spinner label={tc('loading')} />}
      {plans.error instanceof ApiError && <ErrorMessage error={plans.error} reading />}
      {plans.data && (
        <div className="flex items-start gap-4">
          <nav aria-label={t('scenarios')} className="w-60 shrink-0 space-y-1">
            {SCENARIOS.map((s) => {
              const p = plans.data.find((x) => x.scenario === s);
              return (
                <button
                  key={s}
                  type="button"
                  data-testid="plan-scenario"
                  data-scenario={s}
                  aria-current={s === scenario ? 'true' : undefined}
                  onClick={() => s !== scenario && mayLeave(dirty, t('leaveConfirm')) && setScenario(s)}
                  className={cx(
                    'block w-full rounded border px-3 py-2 text-left text-sm',
                    s === scenario ? 'border-blue-700 bg-blue-50 font-semibold text-slate-950' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50',
                  )}
                >
                  <span className="block">{tScenario(s)}</span>
                  <span className="block text-xs font-normal text-slate-600">
                    {summary(p)}
                  </span>
                </button>
              );
            })}
          </nav>
          {plan && <PlanEditor key={scenario} plan={plan} onDirtyChange={onDirtyChange} />}
        </div>
      )}
    </div>
  );
}
