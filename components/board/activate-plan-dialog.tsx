'use client';

import { createTranslator, useFormatter, useLocale, useTranslations } from 'next-intl';
import { useMemo, useRef, useState } from 'react';
import { bilingualLang } from '@/lib/domain/bilingual';
import { LIMITS } from '@/lib/domain/limits';
import { useOtherCatalogue } from '@/lib/i18n/use-catalogue';
import type { DomainError } from '@/lib/domain/errors';
import { inBothLanguages, planCommands, planSteps, type EmergencyPlan } from '@/lib/domain/plans';
import { newId } from '@/lib/client/new-id';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { FormDialog } from '@/components/ui/form-dialog';
import { Checkbox } from '@/components/ui/inputs';
import { useBoard } from './board-context';
import { sendPlan, type PlanSendStep } from './plan-send';
import { PriorityBadge } from './task-badges';
import { useStillShown } from './use-still-shown';

/**
 * Activating the incident's emergency plan (SPEC PLAN1): the plan's actions for the agencies taking
 * part, grouped by agency, each ticked unless a task of that title is on its lane already or waits
 * in the outbox (activated before, or written by hand); the agencies of the plan not taking part are
 * named, left out. The activation is a message to all, then one task per ticked action, all put in
 * the outbox at once, in order (sendPlan). A refusal while this is on screen shows here (the others
 * go on); a retry sends only what was not sent, with the same ids and due times. At the first change
 * that is queued (offline, or a slow link) the dialog closes; it may be closed at any time: what was
 * sent is in the outbox, and a refusal then waits there for the person to decide.
 */
export function ActivatePlanDialog({ plan: planNow, onClose }: { plan: EmergencyPlan; onClose: () => void }) {
  // The plan as it was when the dialog opened: an admin's save while it is open (SPEC PLAN2) does
  // not change what it lists, nor mix that with another name in the title and the message.
  const [plan] = useState(planNow);
  const t = useTranslations('board.plan');
  const format = useFormatter();
  const lang = bilingualLang(useLocale());
  // Read ahead by the board (CommanderControls): held by now, unless the page went offline before it could read it.
  const otherWords = useOtherCatalogue(true);
  const { state, run, outbox } = useBoard();
  const agencies = useAgencyDirectory();
  // The steps as they were when the dialog opened: a task created by the activation itself does not untick its action.
  const [{ groups, absent }] = useState(() => planSteps(plan, state, outbox.map((e) => e.command)));
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(groups.flatMap((g) => g.steps.filter((s) => !s.onBoard).map((s) => s.action.key))));
  const [progress, setProgress] = useState<{ done: number; count: number } | null>(null);
  const [error, setError] = useState<DomainError | null>(null);
  const [tried, setTried] = useState(false);
  // What was sent (the message, the actions' keys), for a retry after a refusal; the ids and the
  // moment of activation of the first submit, kept for it.
  const [sent, setSent] = useState<{ announced: boolean; keys: ReadonlySet<string> }>({ announced: false, keys: new Set() });
  const first = useRef<{ now: number; ids: Map<string | null, string>; announce: string } | null>(null);
  const shown = useStillShown();
  const actions = useMemo(() => groups.flatMap((g) => g.steps.map((s) => s.action)).filter((a) => chosen.has(a.key)), [groups, chosen]);
  const rest = actions.filter((a) => !sent.keys.has(a.key));

  const toggle = (key: string, on: boolean) =>
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const announcement = (count: number) => {
    const mine = t('announce', { name: plan.name[lang], count });
    if (!otherWords.messages) return mine;
    const other = bilingualLang(otherWords.locale);
    const theirs = createTranslator({ locale: otherWords.locale, messages: otherWords.messages, namespace: 'board.plan' })('announce', { name: plan.name[other], count });
    return inBothLanguages(lang === 'zh' ? { zh: mine, en: theirs } : { zh: theirs, en: mine }, lang, LIMITS.message);
  };

  const submit = async () => {
    setTried(true);
    if (rest.length === 0 && sent.announced) return onClose();
    if (actions.length === 0) return;
    setError(null);
    // The message is written in both languages, as the tasks' titles are (this page's first); in
    // this page's alone when the other's words are not held. Made on the first press and kept, with
    // the ids and the moment, for a retry.
    first.current ??= { now: Date.now(), ids: new Map(), announce: announcement(actions.length) };
    const { now, ids, announce } = first.current;
    const idOf = (key: string | null) => ids.get(key) ?? (ids.set(key, newId()), ids.get(key)!);
    const [message, ...tasks] = planCommands(rest, { now, lang, announce, idOf });
    const steps: PlanSendStep[] = [...(sent.announced ? [] : [{ cmd: message, key: null }]), ...tasks.map((cmd, i) => ({ cmd, key: rest[i].key }))];
    setProgress({ done: 0, count: steps.length });
    let done = 0;
    let refused = false;
    try {
      await sendPlan(steps, (cmd, stored) => run(cmd, { quiet: true, shown, stored }), {
        sent: (key) => {
          setSent((s) => (key === null ? { ...s, announced: true } : { ...s, keys: new Set([...s.keys, key]) }));
          setProgress({ done: ++done, count: steps.length });
        },
        // Shown here while the dialog is; once it is gone the outbox keeps the refused change to decide.
        refused: (_key, e) => {
          refused = true;
          setError(e);
        },
        // Only this dialog, if it is still there (closed meanwhile, another may be open by now).
        queued: () => {
          if (shown()) onClose();
        },
      });
    } finally {
      setProgress(null);
    }
    if (!refused && shown()) onClose();
  };

  const stepsShown = groups.flatMap((g) => g.steps).length;
  return (
    <FormDialog
      open
      // Closing while it sends is fine: every step is in the outbox already, or goes there in order.
      onOpenChange={(o) => !o && onClose()}
      title={t('title', { name: plan.name[lang] })}
      description={t('description')}
      submitLabel={t('submit', { count: rest.length })}
      onSubmit={() => void submit()}
      busy={progress !== null}
      error={error}
      size="lg"
    >
      {stepsShown > 0 && groups.every((g) => g.steps.every((s) => s.onBoard)) && (
        <p data-testid="emergency-plan-all-on-board" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          {t('allOnBoard')}
        </p>
      )}
      <div data-testid="emergency-plan-groups" className="space-y-3">
        {groups.map((g) => (
          <fieldset key={g.agency} data-testid="emergency-plan-group" data-agency={g.agency} className="rounded border border-slate-200">
            <legend className="ml-2 px-1">
              <AgencyChip code={g.agency} />
            </legend>
            <ul className="divide-y divide-slate-100">
              {g.steps.map(({ action, onBoard }) => (
                <li key={action.key}>
                  <label className="flex items-start gap-2 px-3 py-1.5 text-sm">
                    <Checkbox
                      className="mt-0.5 shrink-0"
                      data-testid="emergency-plan-action"
                      data-key={action.key}
                      checked={chosen.has(action.key)}
                      disabled={progress !== null || sent.keys.has(action.key)}
                      onChange={(e) => toggle(action.key, e.target.checked)}
                    />
                    <span className="min-w-0 flex-1 break-words text-slate-950">{action.title[lang]}</span>
                    <span className="flex shrink-0 flex-wrap items-center justify-end gap-1.5 text-xs text-slate-700">
                      {sent.keys.has(action.key) ? (
                        <span data-testid="emergency-plan-sent" className="rounded bg-emerald-50 px-1.5 py-px font-medium text-emerald-900 ring-1 ring-emerald-300">
                          {t('sent')}
                        </span>
                      ) : (
                        onBoard && (
                          <span data-testid="emergency-plan-on-board" className="rounded bg-slate-100 px-1.5 py-px font-medium text-slate-800 ring-1 ring-slate-300">
                            {t('onBoard')}
                          </span>
                        )
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
        <p data-testid="emergency-plan-absent" className="text-sm text-slate-700">
          {t('absent', { agencies: format.list(absent.map((code) => agencies.name(code)), { type: 'conjunction' }) })}
        </p>
      )}
      {tried && actions.length === 0 && (
        <p role="alert" className="text-sm font-medium text-red-800">
          {t('nothingChosen')}
        </p>
      )}
      {/* In the page from the start (empty), so its first words are announced. */}
      <p data-testid="emergency-plan-progress" role="status" className="min-h-5 text-sm text-slate-800">
        {progress ? t('progress', { done: progress.done, count: progress.count }) : ''}
      </p>
    </FormDialog>
  );
}
