'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { usePlans } from '@/lib/client/api/plans';
import { useOtherCatalogue } from '@/lib/i18n/use-catalogue';
import { Button } from '@/components/ui/button';
import { ActivatePlanDialog } from './activate-plan-dialog';
import { useBoard } from './board-context';
import { EditIncidentDialog } from './edit-incident-dialog';
import { PhaseMenu } from './phase-menu';
import { probe } from './probes';
import { SeverityDialog } from './severity-dialog';

/** Phase, severity, incident details and the emergency plan (SPEC PLAN1): for commanders and admins only (AUTH2). */
export function CommanderControls() {
  const t = useTranslations('board.commander');
  const tPlan = useTranslations('board.plan');
  const { state, can } = useBoard();
  const [dialog, setDialog] = useState<'severity' | 'edit' | 'plan' | null>(null);
  const canPhase = can(probe.changePhase(state, state.phase === 'response' ? 'containment' : 'response'));
  const canSeverity = can(probe.changeSeverity(state, state.severity === 'I' ? 'II' : 'I'));
  const canEdit = can(probe.updateIncident(state));
  // A plan's tasks go to the agencies taking part; activating it is the commander's (the incident's own decision).
  // (Shown where the plan has actions for an agency taking part: a fire plan on an incident of maritime alone has none.)
  // The installation's plan as last read (SPEC PLAN2): none is offered until it has been read.
  const plans = usePlans({ enabled: canEdit });
  const plan = plans.data?.find((p) => p.scenario === state.scenario) ?? null;
  const canPlan = plan !== null && canEdit && plan.actions.some((a) => state.agencies.includes(a.agency));
  // The activation's message is written in both languages: the other's words are read ahead, while online.
  useOtherCatalogue(canPlan);
  if (!canPhase && !canSeverity && !canEdit) return null;
  return (
    <div className="flex items-center gap-1.5" data-testid="commander-controls">
      {canPhase && <PhaseMenu />}
      {canSeverity && (
        <Button size="sm" data-testid="change-severity" onClick={() => setDialog('severity')}>
          {t('severity')}
        </Button>
      )}
      {canEdit && (
        <Button size="sm" data-testid="edit-incident" onClick={() => setDialog('edit')}>
          {t('edit')}
        </Button>
      )}
      {canPlan && (
        <Button size="sm" data-testid="activate-plan" onClick={() => setDialog('plan')}>
          {tPlan('button')}
        </Button>
      )}
      {/* The plans could not be read (react-query's tries are over): said, and tried again on a press, not just missing. */}
      {canEdit && !plans.data && plans.isError && (
        <Button size="sm" data-testid="activate-plan-unread" title={tPlan('unread')} aria-label={tPlan('unreadName')} disabled={plans.isFetching} onClick={() => void plans.refetch()}>
          {tPlan('button')} <span aria-hidden>⚠</span>
        </Button>
      )}
      {dialog === 'severity' && <SeverityDialog onClose={() => setDialog(null)} />}
      {dialog === 'edit' && <EditIncidentDialog onClose={() => setDialog(null)} />}
      {dialog === 'plan' && plan && <ActivatePlanDialog plan={plan} onClose={() => setDialog(null)} />}
    </div>
  );
}
