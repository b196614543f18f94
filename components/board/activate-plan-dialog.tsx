'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DomainError } from '@/lib/domain/errors';
import { planCommands, planSteps, type EmergencyPlan } from '@/lib/domain/plans';
import { newId } from '@/lib/client/new-id';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { FormDialog } from '@/components/ui/form-dialog';
import { Checkbox } from '@/components/ui/inputs';
import { useBoard } from './board-context';
import { PriorityBadge } from './task-badges';

/**
 * Activating the incident's emergency plan (SPEC PLAN1): the plan's actions for the agencies taking
 * part, grouped by agency, each ticked unless a task of that title is on its lane already (activated
 * before, or written by hand); the agencies of the plan not taking part are named, left out. The
 * activation is a message to all, then one task per ticked action, sent in order through the outbox
 * (each once; offline they wait there like any change). A refusal stops the rest and is shown here;
 * what was sent stays sent.
 */
export function ActivatePlanDialog({ plan, onClose }: { plan: EmergencyPlan; onClose: () => void }) {
  const t = useTranslations('board.plan');
  const lang = useLocale() === 'en' ? 'en' : 'zh';
  const { state, run } = useBoard();
  const agencies = useAgencyDirectory();
  // The steps as they were when the dialog opened: a task created by the activation itself does not untick its action.
  const [{ groups, absent }] = useState(() => planSteps(plan, state));
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(groups.flatMap((g) => g.steps.filter((s) => !s.onBoard).map((s) => s.action.key))));
  const [progress, setProgress] = useState<{ done: number; count: number } | null>(null);
  const [error, setError] = useState<DomainError | null>(null);
  const [tried, setTried] = useState(false);
  // Still on screen to show a refusal? (As useCommandForm: if not, the refused entry stays in the outbox to decide.)
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  // What a submit refused midway had sent already (the message, the actions' keys): a retry sends only the rest.
  const sent = useRef<{ announced: boolean; keys: Set<string> }>({ announced: false, keys: new Set() });
  const actions = useMemo(() => groups.flatMap((g) => g.steps.map((s) => s.action)).filter((a) => chosen.has(a.key)), [groups, chosen]);
  const count = actions.length;

  const toggle = (key: string, on: boolean) =>
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const submit = async () => {
    setTried(true);
    if (count === 0) return;
    setError(null);
    const rest = actions.filter((a) => !sent.current.keys.has(a.key));
    const [message, ...tasks] = planCommands(rest, { now: Date.now(), lang, announce: t('announce', { name: plan.name[lang], count }), newId });
    const steps = [...(sent.current.announced ? [] : [{ cmd: message, key: null }]), ...tasks.map((cmd, i) => ({ cmd, key: rest[i].key }))];
    setProgress({ done: 0, count: steps.length });
    for (let i = 0; i < steps.length; i++) {
      const ack = await run(steps[i].cmd, { quiet: true, shown: () => mounted.current });
      if (!ack.ok) {
        setProgress(null);
        setError(ack.error);
        return;
      }
      const key = steps[i].key;
      if (key === null) sent.current.announced = true;
      else sent.current.keys.add(key);
      setProgress({ done: i + 1, count: steps.length });
    }
    onClose();
  };

  const stepsShown = groups.flatMap((g) => g.steps).length;
  return (
    <FormDialog
      open
      onOpenChange={(o) => {
        if (!o && !progress) onClose();
      }}
      title={t('title', { name: plan.name[lang] })}
      description={t('description')}
      submitLabel={t('submit', { count })}
      onSubmit={() => void submit()}
      busy={progress !== null}
      error={error}
      size="lg"
    >
      {stepsShown > 0 && groups.every((g) => g.steps.every((s) => s.onBoard)) && (
        <p data-testid="plan-all-on-board" role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          {t('allOnBoard')}
        </p>
      )}
      <div data-testid="plan-groups" className="space-y-3">
        {groups.map((g) => (
          <fieldset key={g.agency} data-testid="plan-group" data-agency={g.agency} className="rounded border border-slate-200">
            <legend className="ml-2 px-1">
              <AgencyChip code={g.agency} />
            </legend>
            <ul className="divide-y divide-slate-100">
              {g.steps.map(({ action, onBoard }) => (
                <li key={action.key}>
                  <label className="flex items-start gap-2 px-3 py-1.5 text-sm">
                    <Checkbox
                      className="mt-0.5 shrink-0"
                      data-testid="plan-action"
                      data-key={action.key}
                      checked={chosen.has(action.key)}
                      disabled={progress !== null || sent.current.keys.has(action.key)}
                      onChange={(e) => toggle(action.key, e.target.checked)}
                    />
                    <span className="min-w-0 flex-1 break-words text-slate-950">{action.title[lang]}</span>
                    <span className="flex shrink-0 flex-wrap items-center justify-end gap-1.5 text-xs text-slate-700">
                      {onBoard && (
                        <span data-testid="plan-on-board" className="rounded bg-slate-100 px-1.5 py-px font-medium text-slate-800 ring-1 ring-slate-300">
                          {t('onBoard')}
                        </span>
                      )}
                      <PriorityBadge priority={action.priority} />
                      <span className="whitespace-nowrap tabular-nums">{action.dueMinutes === null ? t('noDue') : t('dueIn', { minutes: action.dueMinutes })}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ))}
      </div>
      {absent.length > 0 && (
        <p data-testid="plan-absent" className="text-sm text-slate-700">
          {t('absent', { agencies: absent.map((code) => agencies.name(code)).join(lang === 'en' ? ', ' : '、') })}
        </p>
      )}
      {tried && count === 0 && (
        <p role="alert" className="text-sm font-medium text-red-800">
          {t('nothingChosen')}
        </p>
      )}
      {progress && (
        <p data-testid="plan-progress" role="status" className="text-sm text-slate-800">
          {t('progress', { done: progress.done, count: progress.count })}
        </p>
      )}
    </FormDialog>
  );
}
