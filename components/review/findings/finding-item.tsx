'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { IncidentState } from '@/lib/domain/incident/state';
import { formatElapsedSeconds } from '@/lib/i18n/elapsed';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import type { Finding } from '@/lib/protocol/review';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { reviewHref } from '../review-nav';
import type { TaskHolders } from '@/lib/domain/incident/event-kind';
import { excerpt, findingAgency } from './finding-helpers';
import { useColon } from '@/lib/i18n/use-colon';

/**
 * One finding: verdict, its moment (T+ and clock, a link into the replay), what it is about, text,
 * author. Corrections (SPEC REV3) show, never hide: an amended finding shows its current wording,
 * who amended it and when, and its earlier wordings on request; a withdrawn one stays, struck
 * through, with who withdrew it, when and why; a reinstated one stands again, with who reinstated
 * it and when, and each withdrawal it undid on request.
 */
export function FindingItem({
  incidentId,
  finding: f,
  state,
  holders,
  onPlan,
  onAmend,
  onWithdraw,
  onReinstate,
}: {
  incidentId: string;
  finding: Finding;
  state: IncidentState;
  holders: TaskHolders;
  onPlan?: () => void;
  onAmend?: () => void;
  onWithdraw?: () => void;
  onReinstate?: () => void;
}) {
  const t = useTranslations('findings');
  const tr = useTranslations('roles');
  const clock = useClockFormat();
  const strength = f.verdict === 'strength';
  const withdrawn = f.withdrawn;
  const reinstated = f.reinstated.at(-1);
  return (
    <li
      data-testid="finding-item"
      data-finding-id={f.id}
      data-verdict={f.verdict}
      data-at-seq={f.atSeq}
      data-withdrawn={withdrawn ? 'true' : undefined}
      data-amended={f.amended ? 'true' : undefined}
      data-reinstated={f.reinstated.length > 0 ? 'true' : undefined}
      className={cx('rounded border border-l-4 border-slate-200 px-4 py-3 shadow-sm', withdrawn ? 'bg-slate-50' : 'bg-white')}
      style={{ borderLeftColor: withdrawn ? '#94a3b8' : strength ? '#059669' : '#f59e0b' }}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span
          className={cx(
            'rounded px-2 py-0.5 text-xs font-semibold',
            strength ? 'bg-emerald-50 text-emerald-900 ring-1 ring-emerald-300' : 'bg-amber-50 text-amber-900 ring-1 ring-amber-300',
          )}
        >
          {t(`verdict.${f.verdict}`)}
        </span>
        {withdrawn && (
          <span data-testid="finding-withdrawn-badge" className="rounded bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-800 ring-1 ring-slate-400">
            {t('withdrawnBadge')}
          </span>
        )}
        <span className="font-semibold tabular-nums text-slate-900">T+{formatElapsedSeconds(state.openedAt, f.atTs)}</span>
        <time dateTime={new Date(f.atTs).toISOString()} className="tabular-nums text-slate-700">
          {clock.time(f.atTs)}
        </time>
        <Link
          data-testid="finding-replay-link"
          // Not prefetched: one per finding, each a server render of the replay page.
          prefetch={false}
          href={`${reviewHref(incidentId, 'replay')}?seq=${f.atSeq}`}
          className="text-blue-800 underline underline-offset-2 hover:text-blue-950"
        >
          {t('replayAt', { seq: f.atSeq })}
        </Link>
        <FindingRefLabel finding={f} state={state} holders={holders} />
      </div>
      {withdrawn ? (
        <del data-testid="finding-body" className="mt-2 block whitespace-pre-wrap break-words text-slate-500">
          {f.text}
        </del>
      ) : (
        <p data-testid="finding-body" className="mt-2 whitespace-pre-wrap break-words text-slate-950">
          {f.text}
        </p>
      )}
      {withdrawn && (
        <p data-testid="finding-withdrawn" className="mt-2 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800">
          {t('withdrawnBy', { name: withdrawn.by.name, role: tr(withdrawn.by.role), at: clock.stamp(withdrawn.at), reason: withdrawn.reason })}
        </p>
      )}
      {f.earlier.length > 0 && (
        <History testId="finding-earlier" summary={t('earlier.summary', { count: f.earlier.length })}>
          {f.earlier.map((v, i) => (
            <li key={i} data-testid="finding-earlier-version">
              <p className="text-slate-600">{t('earlier.version', { verdict: t(`verdict.${v.verdict}`), name: v.by.name, at: clock.stamp(v.at) })}</p>
              <p className="whitespace-pre-wrap break-words text-slate-800">{v.text}</p>
            </li>
          ))}
        </History>
      )}
      {f.reinstated.length > 0 && (
        <History testId="finding-reinstatements" summary={t('reinstated.summary', { count: f.reinstated.length })}>
          {f.reinstated.map((r, i) => (
            <li key={i} data-testid="finding-reinstatement">
              <p className="text-slate-800">
                {t('withdrawnBy', { name: r.withdrawn.by.name, role: tr(r.withdrawn.by.role), at: clock.stamp(r.withdrawn.at), reason: r.withdrawn.reason })}
              </p>
              <p className="text-slate-800">
                {r.reason === null
                  ? t('reinstated.reinstatement', { name: r.by.name, role: tr(r.by.role), at: clock.stamp(r.at) })
                  : t('reinstated.reinstatementWithReason', { name: r.by.name, role: tr(r.by.role), at: clock.stamp(r.at), reason: r.reason })}
              </p>
            </li>
          ))}
        </History>
      )}
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
        <span>
          {t('byline', { name: f.author.name, role: tr(f.author.role), at: clock.stamp(f.createdAt) })}
          {f.amended && (
            <span data-testid="finding-amended">
              {' · '}
              {t('amendedBy', { name: f.amended.by.name, role: tr(f.amended.by.role), at: clock.stamp(f.amended.at) })}
            </span>
          )}
          {!withdrawn && reinstated && (
            <span data-testid="finding-reinstated">
              {' · '}
              {t('reinstatedBy', { name: reinstated.by.name, role: tr(reinstated.by.role), at: clock.stamp(reinstated.at) })}
            </span>
          )}
        </span>
        {!withdrawn && (onPlan || onAmend || onWithdraw) && (
          <span className="flex flex-wrap gap-2">
            {onAmend && (
              <Button data-testid="finding-amend" size="xs" onClick={onAmend}>
                {t('correct.amend')}
              </Button>
            )}
            {onWithdraw && (
              <Button data-testid="finding-withdraw" size="xs" onClick={onWithdraw}>
                {t('correct.withdraw')}
              </Button>
            )}
            {onPlan && (
              <Button data-testid="improvement-from-finding" size="xs" onClick={onPlan}>
                {t('plan.fromFinding')}
              </Button>
            )}
          </span>
        )}
        {withdrawn && onReinstate && (
          <Button data-testid="finding-reinstate" size="xs" onClick={onReinstate}>
            {t('correct.reinstate')}
          </Button>
        )}
      </div>
    </li>
  );
}

function FindingRefLabel({ finding, state, holders }: { finding: Finding; state: IncidentState; holders: TaskHolders }) {
  const t = useTranslations('findings');
  const colon = useColon();
  const agencies = useAgencyDirectory();
  const ref = finding.ref;
  if (!ref) return null;
  let body;
  switch (ref.kind) {
    case 'task': {
      const task = state.tasks[ref.taskId];
      // The agency that held it at the finding's moment, as the filter has it (findingAgency).
      const agency = findingAgency(finding, state, holders);
      body = (
        <>
          {t('ref.task')}{colon}<span className="font-medium text-slate-900">{task?.title ?? t('ref.unknown')}</span>
          {agency && <AgencyChip code={agency} display="short" className="ml-1" />}
        </>
      );
      break;
    }
    case 'message': {
      const m = state.messages.find((x) => x.id === ref.messageId);
      body = (
        <>
          {t('ref.message')}{colon}<q className="text-slate-900">{m ? excerpt(m.text) : t('ref.unknown')}</q>
          {m?.actor.agency && <AgencyChip code={m.actor.agency} display="short" className="ml-1" />}
        </>
      );
      break;
    }
    case 'agency':
      body = (
        <>
          {t('ref.agency')}{colon}<span className="font-medium text-slate-900">{agencies.name(ref.agency)}</span>
        </>
      );
      break;
  }
  return (
    <span data-testid="finding-ref" data-ref-kind={ref.kind} className="min-w-0 text-slate-700">
      {body}
    </span>
  );
}

/** Part of a finding's history, on request (its earlier wordings; its withdrawals and reinstatements): a summary that opens a list. */
function History({ testId, summary, children }: { testId: string; summary: string; children: ReactNode }) {
  return (
    <details data-testid={testId} className="mt-2 text-xs text-slate-700">
      <summary className="cursor-pointer text-blue-800 underline underline-offset-2 hover:text-blue-950">{summary}</summary>
      <ol className="mt-1 space-y-1.5 border-l-2 border-slate-200 pl-3">{children}</ol>
    </details>
  );
}
