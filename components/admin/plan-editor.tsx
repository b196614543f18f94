'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ErrorCode } from '@/lib/domain/errors';
import { LIMITS } from '@/lib/domain/limits';
import { builtInPlan } from '@/lib/domain/plans';
import type { PlanView } from '@/lib/protocol/plans';
import { ApiError } from '@/lib/client/api/api-error';
import { useSavePlan } from '@/lib/client/api/plans';
import { newId } from '@/lib/client/new-id';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field } from '@/components/ui/field';
import { TextInput } from '@/components/ui/inputs';
import { useLeaveGuard } from '@/components/ui/use-leave-guard';
import { PlanActionRow, type PlanRowActions } from './plan-action-row';
import { invalidPaths, moveAction, sameDraft, toDraft, toRequest, type DraftAction, type PlanDraft } from './plan-draft';

/**
 * One scenario's emergency plan as an admin edits it (SPEC PLAN2): its name and actions in both
 * languages, each action's agency, priority and due minutes; add, remove, move; put the built-in
 * plan back; save with the version the edit began from. Another admin's save shows here while
 * nothing is changed on screen; with changes on screen, saving over it is refused (CONFLICT) and
 * theirs is offered instead. Leaving the page with changes not saved asks first.
 */
export function PlanEditor({ plan, onDirtyChange }: { plan: PlanView; onDirtyChange: (dirty: boolean) => void }) {
  const t = useTranslations('admin.plans');
  const clock = useClockFormat();
  const agencies = useAgencyDirectory();
  const save = useSavePlan();
  const [base, setBase] = useState<PlanView>(plan);
  const [draft, setDraft] = useState<PlanDraft>(() => toDraft(plan));
  const [shown, setShown] = useState<Set<string>>(new Set());
  const [saved, setSaved] = useState(false);
  const baseDraft = useMemo(() => toDraft(base), [base]);
  const dirty = useMemo(() => !sameDraft(draft, baseDraft), [draft, baseDraft]);
  // Another admin saved while nothing here was changed: theirs is shown (React's state-from-props
  // pattern). Only a later version: right after this editor's own save the list read before it may still be the one shown.
  // Also when what is on screen is that save (this editor's own, whose answer was lost).
  // With changes on screen: another admin's save since this edit began, said before a save is refused.
  const newer = plan.version > base.version && !save.isPending;
  if (newer && (!dirty || sameDraft(draft, toDraft(plan)))) {
    setBase(plan);
    setDraft(toDraft(plan));
    setSaved(false);
    setShown(new Set());
  }
  // Where the focus goes after a change that adds, moves or removes a row (a control in a row
  // by its test id, else the first field marked invalid, else a test id outside the rows).
  const formRef = useRef<HTMLFormElement>(null);
  const [focus, setFocus] = useState<{ key?: string; testId: string; fallback?: string } | null>(null);
  useEffect(() => {
    if (!focus) return;
    const form = formRef.current;
    const at = (sel: string) => form?.querySelector<HTMLElement>(sel);
    const row = focus.key ? `[data-testid="plan-action-row"][data-key="${focus.key}"] ` : '';
    const target =
      focus.testId === 'invalid-first'
        ? at('[aria-invalid="true"]')
        : [at(`${row}[data-testid="${focus.testId}"]:not(:disabled)`), focus.fallback ? at(`${row}[data-testid="${focus.fallback}"]:not(:disabled)`) : null].find(Boolean);
    target?.focus();
    setFocus(null);
  }, [focus]);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  // Gone (another tab of the admin page chosen): nothing of it is left unsaved.
  useEffect(() => () => onDirtyChange(false), [onDirtyChange]);
  useLeaveGuard(dirty, t('leaveConfirm'));

  const bad = (path: string) => shown.has(path) || undefined;
  // A field marked invalid is described by what the save said; the due times by their hint too.
  const ids = useId();
  const [hintId, invalidId] = [`${ids}-due-hint`, `${ids}-invalid`];
  const edit = (next: PlanDraft) => {
    setDraft(next);
    setSaved(false);
    // A refusal is of the draft it was given, not of this one (another admin's newer save is still said: `newer`).
    if (save.isError) save.reset();
    // A field marked invalid stays marked until the next try to save shows what is still wrong.
    if (shown.size > 0) {
      const still = invalidPaths(next);
      setShown(new Set([...shown].filter((p) => still.has(p))));
    }
  };
  const conflict = save.error instanceof ApiError && save.error.code === ErrorCode.CONFLICT;
  // The draft on screen now, for a save's answer that comes after more typing.
  const draftNow = useRef(draft);
  useEffect(() => {
    draftNow.current = draft;
  }, [draft]);

  const submit = () => {
    const invalid = invalidPaths(draft);
    setShown(invalid);
    if (invalid.size > 0) {
      setFocus({ testId: 'invalid-first' });
      return;
    }
    const sent = draft;
    save.mutate(
      { scenario: plan.scenario, ...toRequest(draft, base.version) },
      {
        onSuccess: ({ plan: stored }) => {
          setBase(stored);
          // Typed on while the save was on its way (a slow link): what is on screen stays, and is
          // still to be saved (on the version just saved); only an unchanged screen shows the saved plan.
          if (draftNow.current === sent) {
            setDraft(toDraft(stored));
            setSaved(true);
          }
        },
      },
    );
  };
  const loadTheirs = () => {
    save.reset();
    setBase(plan);
    setDraft(toDraft(plan));
    setShown(new Set());
    setSaved(false);
    setFocus({ testId: 'plan-name-zh' });
  };
  const move = (key: string, by: -1 | 1) => {
    const i = draft.actions.findIndex((a) => a.key === key);
    if (i < 0) return;
    edit(moveAction(draft, i, by));
    const testId = by < 0 ? 'plan-action-up' : 'plan-action-down';
    setFocus({ key, testId, fallback: by < 0 ? 'plan-action-down' : 'plan-action-up' });
  };
  const remove = (key: string) => {
    const i = draft.actions.findIndex((a) => a.key === key);
    if (i < 0) return;
    edit({ ...draft, actions: draft.actions.filter((a) => a.key !== key) });
    const next = draft.actions[i + 1] ?? draft.actions[i - 1];
    setFocus(next ? { key: next.key, testId: 'plan-action-remove' } : { testId: 'plan-add-action' });
  };
  const change = (key: string, patch: Partial<DraftAction>) => edit({ ...draft, actions: draft.actions.map((a) => (a.key === key ? { ...a, ...patch } : a)) });
  // The rows' one handle on the editor (memoised rows, PlanActionRow): it calls this render's handlers, which see this render's draft.
  const handlers = useRef({ change, move, remove });
  useLayoutEffect(() => {
    handlers.current = { change, move, remove };
  });
  const rowActions = useMemo<PlanRowActions>(
    () => ({
      change: (key, patch) => handlers.current.change(key, patch),
      move: (key, by) => handlers.current.move(key, by),
      remove: (key) => handlers.current.remove(key),
    }),
    [],
  );
  const addAction = () => {
    const key = newId();
    // Its Chinese title takes the focus (and so comes into view).
    setFocus({ key, testId: 'plan-action-title-zh' });
    edit({ ...draft, actions: [...draft.actions, { key, agency: agencies.list[0]?.code ?? '', titleZh: '', titleEn: '', priority: 'normal', due: '' }] });
  };

  return (
    <form
      ref={formRef}
      data-testid="plan-editor"
      data-scenario={plan.scenario}
      data-version={base.version}
      data-dirty={dirty}
      className="min-w-0 flex-1"
      // No submit button: Enter in a field does not save the whole plan.
      onSubmit={(e) => e.preventDefault()}
    >
      <p data-testid="plan-editor-status" className="mb-3 text-sm text-slate-700">
        {/* What is in use, and, while there are changes on screen, that they are not it yet; once another
            admin has saved over the version they began from, that it is no longer the one in use (theirs is:
            the bar below names them). */}
        {base.updatedAt !== null && base.updatedBy
          ? t(dirty ? (newer || conflict ? 'savedByOutdated' : 'savedByChanging') : 'savedBy', { name: base.updatedBy.name, time: clock.dateTime(base.updatedAt) })
          : t(dirty ? (newer || conflict ? 'builtInOutdated' : 'builtInChanging') : 'builtIn')}
      </p>
      <div className="mb-3 grid max-w-3xl grid-cols-2 gap-4">
        <Field label={t('nameZh')} error={bad('name.zh') && t('required')}>
          <TextInput data-testid="plan-name-zh" lang="zh-CN" maxLength={LIMITS.name} value={draft.nameZh} onChange={(e) => edit({ ...draft, nameZh: e.target.value })} />
        </Field>
        <Field label={t('nameEn')} error={bad('name.en') && t('required')}>
          <TextInput data-testid="plan-name-en" lang="en" maxLength={LIMITS.name} value={draft.nameEn} onChange={(e) => edit({ ...draft, nameEn: e.target.value })} />
        </Field>
      </div>
      {draft.actions.length === 0 ? (
        <p data-testid="plan-editor-empty" className="mb-3 rounded border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800">
          {t('empty')}
        </p>
      ) : (
        // A control tabbed to comes into view above the sticky save bar.
        <ol data-testid="plan-actions" aria-label={t('actionsLabel')} className="mb-3 border-t border-slate-300 text-sm [&_:is(input,select,button)]:scroll-mb-32">
          {draft.actions.map((a, i) => (
            <PlanActionRow
              key={a.key}
              action={a}
              n={i + 1}
              last={i === draft.actions.length - 1}
              ids={ids}
              hintId={hintId}
              invalidId={invalidId}
              badDue={shown.has(`action:${a.key}.dueMinutes`)}
              badZh={shown.has(`action:${a.key}.title.zh`)}
              badEn={shown.has(`action:${a.key}.title.en`)}
              actions={rowActions}
            />
          ))}
        </ol>
      )}
      <p id={hintId} className="mb-3 text-xs text-slate-600">{t('dueHint')}</p>
      {/* In reach however long the plan, with what a save said: it stays at the bottom of the page's scroll. */}
      <div className="sticky bottom-0 border-t border-slate-300 bg-white py-2.5">
        {shown.size > 0 && (
          <p id={invalidId} data-testid="plan-invalid" role="alert" className="mb-2 text-sm font-medium text-red-800">
            {shown.has('actions') ? t('tooMany', { max: LIMITS.planActions }) : t('invalid')}
          </p>
        )}
        {(conflict || (newer && dirty)) && (
          <div data-testid="plan-conflict" data-refused={conflict} className="mb-2 flex flex-wrap items-center gap-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" role="alert">
            <span>
              {plan.updatedBy && plan.updatedAt !== null
                ? t(conflict ? 'conflict' : 'newer', { name: plan.updatedBy.name, time: clock.dateTime(plan.updatedAt) })
                : t(conflict ? 'conflictUnknown' : 'newerUnknown')}
            </span>
            <Button size="sm" data-testid="plan-load-theirs" onClick={loadTheirs}>
              {t('loadTheirs')}
            </Button>
          </div>
        )}
        {save.error instanceof ApiError && !conflict && <ErrorMessage className="mb-2" error={save.error} />}
        <div className="flex flex-wrap items-center gap-2">
          <Button size="sm" data-testid="plan-add-action" disabled={draft.actions.length >= LIMITS.planActions} onClick={addAction}>
            {t('add')}
          </Button>
          <Button size="sm" data-testid="plan-restore" onClick={() => edit(toDraft(builtInPlan(plan.scenario)))}>
            {t('restore')}
          </Button>
          <span className="ml-auto text-sm" role="status" data-testid="plan-save-state">
            {dirty ? <span className="font-medium text-amber-900">{t('unsaved')}</span> : saved ? <span className="text-emerald-800">{t('saved')}</span> : null}
          </span>
          <Button size="sm" data-testid="plan-discard" disabled={!dirty || save.isPending} onClick={loadTheirs}>
            {t('discard')}
          </Button>
          <Button variant="primary" size="sm" data-testid="plan-save" disabled={!dirty || save.isPending || conflict || newer} onClick={submit}>
            {t('save')}
          </Button>
        </div>
      </div>
    </form>
  );
}
