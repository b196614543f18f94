'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useReviewLog } from '@/lib/client/api/review';
import type { FindingCorrection } from '@/lib/client/api/review-write';
import { useIncident } from '@/lib/client/use-incident';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import { authorizeReview } from '@/lib/domain/permissions';
import type { Finding, ReviewLogView } from '@/lib/protocol/review';
import { useActor } from '@/components/shell/account-context';
import { Button } from '@/components/ui/button';
import { ErrorMessage, toErrorLike } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { ReviewNav } from '../review-nav';
import { AddFindingDialog } from './add-finding-dialog';
import { FindingFilters } from './finding-filters';
import { FindingItem } from './finding-item';
import { taskHolders } from '@/lib/domain/incident/event-kind';
import { agencyFilterOptions, filterFindings, type VerdictFilter } from './finding-helpers';
import { CorrectFindingDialog } from './correct-finding-dialog';
import { ImprovementDialog } from './improvement-dialog';
import { PlanTable } from './plan-table';

/** How often the page re-reads the review log while open (others add findings too). */
const REFRESH_MS = 15_000;

/**
 * Findings and the improvement plan of one incident (issue #5, SPEC REV3):
 * anyone who may read the incident sees them; observers, commanders and admins
 * add findings, correct them (amend, withdraw, reinstate) and keep the plan (authorizeReview;
 * the server checks again).
 */
export function FindingsScreen({ incidentId }: { incidentId: string }) {
  const t = useTranslations('findings');
  const { state, events, error, loading } = useIncident(incidentId, useActor().userId);
  const review = useReviewLog(incidentId, { refetchIntervalMs: REFRESH_MS });
  return (
    <div data-testid="findings-screen" className="flex min-h-0 flex-1 flex-col overflow-y-auto bg-slate-50">
      <ReviewNav incidentId={incidentId} />
      {!state || !review.data ? (
        <div className="mx-auto mt-12 w-full max-w-lg space-y-3 px-4">
          {error ? (
            <ErrorMessage error={error} reading />
          ) : review.error ? (
            <ErrorMessage error={toErrorLike(review.error)} reading />
          ) : (
            (loading || review.isPending) && <Spinner label={t('loading')} />
          )}
        </div>
      ) : (
        <Loaded incidentId={incidentId} state={state} events={events} log={review.data} />
      )}
    </div>
  );
}

type Dialog =
  | { kind: 'finding'; atSeq: number | null }
  | { kind: 'item'; findingId: string | null }
  | { kind: 'correct'; correction: FindingCorrection['kind']; findingId: string }
  | null;

function Loaded({ incidentId, state, events, log }: { incidentId: string; state: IncidentState; events: IncidentEvent[]; log: ReviewLogView }) {
  const t = useTranslations('findings');
  const tScenario = useTranslations('scenario');
  const actor = useActor();
  const canAdd = authorizeReview(actor, 'AddFinding') === null;
  const canPlan = authorizeReview(actor, 'ManageImprovements') === null;
  const params = useSearchParams();
  const linkedSeq = Number(params.get('atSeq'));
  const validLinked = Number.isInteger(linkedSeq) && linkedSeq >= 1 && linkedSeq <= state.seq ? linkedSeq : null;
  // Opened from the replay ("add a finding at this moment"): the form opens at that moment.
  const [dialog, setDialog] = useState<Dialog>(null);
  const openedFromLink = useRef(false);
  useEffect(() => {
    // Once, as soon as the log has reached that moment (a long log may arrive in pages).
    if (openedFromLink.current || !canAdd || validLinked === null) return;
    openedFromLink.current = true;
    setDialog({ kind: 'finding', atSeq: validLinked });
  }, [canAdd, validLinked]);
  const [verdict, setVerdict] = useState<VerdictFilter>('all');
  const [agency, setAgency] = useState('');
  const holders = useMemo(() => taskHolders(events), [events]);
  const shown = useMemo(() => filterFindings(log.findings, state, holders, verdict, agency), [log.findings, state, holders, verdict, agency]);
  const byId = useMemo(() => new Map(log.findings.map((f) => [f.id, f])), [log.findings]);
  // The incident's agencies and any other a finding is filed under (one since removed from the incident).
  const filterAgencies = useMemo(() => agencyFilterOptions(log.findings, state, holders), [log.findings, state, holders]);
  // The finding a correction dialog is about, as it stands now (the list refreshes behind it).
  const correcting = dialog?.kind === 'correct' ? byId.get(dialog.findingId) : undefined;

  return (
    <div className="mx-auto w-full max-w-6xl space-y-6 px-4 py-4">
      <header>
        <h1 className="text-xl font-semibold text-slate-950">{t('title')}</h1>
        <p className="text-sm text-slate-700">{state.title}</p>
      </header>

      <section aria-labelledby="findings-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="findings-heading" className="text-lg font-semibold text-slate-900">
            {t('findingsHeading', { count: log.findings.length })}
          </h2>
          {canAdd && (
            <Button data-testid="add-finding-button" variant="primary" onClick={() => setDialog({ kind: 'finding', atSeq: validLinked })}>
              {t('addFinding')}
            </Button>
          )}
        </div>
        <FindingFilters agencies={filterAgencies} verdict={verdict} onVerdict={setVerdict} agency={agency} onAgency={setAgency} />
        <p className="text-xs text-slate-600">{t('order')}</p>
        {shown.length === 0 ? (
          <p data-testid="findings-empty" className="rounded border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
            {log.findings.length === 0 ? t('none') : t('noneMatch')}
          </p>
        ) : (
          <ol data-testid="findings-list" className="space-y-2">
            {shown.map((f: Finding) => (
              <FindingItem
                key={f.id}
                incidentId={incidentId}
                finding={f}
                state={state}
                holders={holders}
                onPlan={canPlan ? () => setDialog({ kind: 'item', findingId: f.id }) : undefined}
                onAmend={canAdd ? () => setDialog({ kind: 'correct', correction: 'amend', findingId: f.id }) : undefined}
                onWithdraw={canAdd ? () => setDialog({ kind: 'correct', correction: 'withdraw', findingId: f.id }) : undefined}
                onReinstate={canAdd ? () => setDialog({ kind: 'correct', correction: 'reinstate', findingId: f.id }) : undefined}
              />
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="plan-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="plan-heading" className="text-lg font-semibold text-slate-900">
            {t('plan.heading')}
          </h2>
          <div className="flex flex-wrap items-center gap-3">
            {/* An improvement that changes the emergency plan itself (SPEC PLAN2): the admin goes to it from here. */}
            {actor.role === 'admin' && (
              <Link data-testid="edit-emergency-plan" href={`/admin?tab=plans&scenario=${state.scenario}`} prefetch={false} className="text-sm font-medium text-blue-800 underline underline-offset-2">
                {t('plan.editEmergencyPlan', { scenario: tScenario(state.scenario) })}
              </Link>
            )}
            {canPlan && (
              <Button data-testid="add-improvement-button" onClick={() => setDialog({ kind: 'item', findingId: null })}>
                {t('plan.add')}
              </Button>
            )}
          </div>
        </div>
        <PlanTable incidentId={incidentId} items={log.improvements} findings={byId} canChange={canPlan} />
      </section>

      {dialog?.kind === 'finding' && (
        <AddFindingDialog incidentId={incidentId} state={state} events={events} initialSeq={dialog.atSeq} onClose={() => setDialog(null)} />
      )}
      {correcting && dialog?.kind === 'correct' && (
        <CorrectFindingDialog
          key={`${dialog.correction}:${correcting.id}`}
          incidentId={incidentId}
          finding={correcting}
          kind={dialog.correction}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'item' && (
        <ImprovementDialog
          incidentId={incidentId}
          state={state}
          holders={holders}
          findings={log.findings}
          initialFindingId={dialog.findingId}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
