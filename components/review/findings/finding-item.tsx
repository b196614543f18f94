'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
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

/** One finding: verdict, its moment (T+ and clock, a link into the replay), what it is about, text, author. */
export function FindingItem({
  incidentId,
  finding: f,
  state,
  holders,
  onPlan,
}: {
  incidentId: string;
  finding: Finding;
  state: IncidentState;
  holders: TaskHolders;
  onPlan?: () => void;
}) {
  const t = useTranslations('findings');
  const tr = useTranslations('roles');
  const clock = useClockFormat();
  const strength = f.verdict === 'strength';
  return (
    <li
      data-testid="finding-item"
      data-finding-id={f.id}
      data-verdict={f.verdict}
      data-at-seq={f.atSeq}
      className="rounded border border-l-4 border-slate-200 bg-white px-4 py-3 shadow-sm"
      style={{ borderLeftColor: strength ? '#059669' : '#f59e0b' }}
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
      <p className="mt-2 whitespace-pre-wrap break-words text-slate-950">{f.text}</p>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
        <span>
          {t('byline', { name: f.author.name, role: tr(f.author.role), at: clock.stamp(f.createdAt) })}
        </span>
        {onPlan && (
          <Button data-testid="improvement-from-finding" size="xs" onClick={onPlan}>
            {t('plan.fromFinding')}
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
