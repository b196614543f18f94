'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ErrorCode } from '@/lib/domain/errors';
import { PRIORITIES, type Priority } from '@/lib/domain/incident/vocabulary';
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
import { Select, TextInput } from '@/components/ui/inputs';
import { useLeaveGuard } from '@/components/ui/use-leave-guard';
import { invalidPaths, moveAction, sameDraft, toDraft, toRequest, type DraftAction, type PlanDraft } from './plan-draft';

const LABEL = 'flex min-w-0 items-center gap-1.5 text-xs font-medium text-slate-700';

/**
 * One scenario's emergency plan as an admin edits it (SPEC PLAN2): its name and actions in both
 * languages, each action's agency, priority and due minutes; add, remove, move; put the built-in
 * plan back; save with the version the edit began from. Another admin's save shows here while
 * nothing is changed on screen; with changes on screen, saving over it is refused (CONFLICT) and
 * theirs is offered instead. Leaving the page with changes not saved asks first.
 */
export function PlanEditor({ plan, onDirtyChange }: { plan: PlanView; onDirtyChange: (dirty: boolean) => void }) {
  const t = useTranslations('admin.plans');
  const tPriority = useTranslations('priority');
  const clock = useClockFormat();
  const agencies = useAgencyDirectory();
  const save = useSavePlan();
  const [base, setBase] = useState<PlanView>(plan);
  const [draft, setDraft] = useState<PlanDraft>(() => toDraft(plan));
  const [shown, setShown] = useState<Set<string>>(new Set());
  const [saved, setSaved] = useState(false);
  // The action just added: its Chinese title takes the focus (and so comes into view).
  const [added, setAdded] = useState<string | null>(null);
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
  // Where the focus goes after a change that moves or removes what held it (a control in a row
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
  const describedBy = (path: string, ...more: string[]) => [...more, ...(shown.has(path) ? [invalidId] : [])].join(' ') || undefined;
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
  const setAction = (i: number, patch: Partial<DraftAction>) => edit({ ...draft, actions: draft.actions.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  const conflict = save.error instanceof ApiError && save.error.code === ErrorCode.CONFLICT;

  const submit = () => {
    const invalid = invalidPaths(draft);
    setShown(invalid);
    if (invalid.size > 0) {
      setFocus({ testId: 'invalid-first' });
      return;
    }
    save.mutate(
      { scenario: plan.scenario, ...toRequest(draft, base.version) },
      {
        onSuccess: ({ plan: stored }) => {
          setBase(stored);
          setDraft(toDraft(stored));
          setSaved(true);
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
  const move = (i: number, by: -1 | 1) => {
    edit(moveAction(draft, i, by));
    const testId = by < 0 ? 'plan-action-up' : 'plan-action-down';
    setFocus({ key: draft.actions[i].key, testId, fallback: by < 0 ? 'plan-action-down' : 'plan-action-up' });
  };
  const remove = (i: number) => {
    edit({ ...draft, actions: draft.actions.filter((_, j) => j !== i) });
    const next = draft.actions[i + 1] ?? draft.actions[i - 1];
    setFocus(next ? { key: next.key, testId: 'plan-action-remove' } : { testId: 'plan-add-action' });
  };
  const addAction = () => {
    const key = newId();
    setAdded(key);
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
        {base.updatedAt !== null && base.updatedBy
          ? t('savedBy', { name: base.updatedBy.name, time: clock.dateTime(base.updatedAt) })
          : t('builtIn')}
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
          {draft.actions.map((a, i) => {
            const n = i + 1;
            const label = (column: string) => t('cell', { n, column });
            return (
              <li key={a.key} data-testid="plan-action-row" data-key={a.key} className="flex gap-2 border-b border-slate-200 py-2">
                <span className="w-6 shrink-0 pt-2 text-right tabular-nums text-slate-600">{n}</span>
                <div className="min-w-0 flex-1 space-y-1.5">
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
                    <label className={LABEL}>
                      <span>{t('columns.agency')}</span>
                      <Select data-testid="plan-action-agency" aria-label={label(t('columns.agency'))} className="w-48" value={a.agency} onChange={(e) => setAction(i, { agency: e.target.value })}>
                        {!agencies.get(a.agency) && <option value={a.agency}>{a.agency}</option>}
                        {agencies.list.map((ag) => (
                          <option key={ag.code} value={ag.code}>
                            {agencies.name(ag.code)}
                          </option>
                        ))}
                      </Select>
                    </label>
                    <label className={LABEL}>
                      <span>{t('columns.priority')}</span>
                      <Select data-testid="plan-action-priority" aria-label={label(t('columns.priority'))} className="w-28" value={a.priority} onChange={(e) => setAction(i, { priority: e.target.value as Priority })}>
                        {PRIORITIES.map((p) => (
                          <option key={p} value={p}>
                            {tPriority(p)}
                          </option>
                        ))}
                      </Select>
                    </label>
                    <label className={LABEL}>
                      <span>{t('columns.due')}</span>
                      <TextInput data-testid="plan-action-due" inputMode="numeric" placeholder={t('dueNone')} aria-label={label(t('columns.due'))} aria-invalid={bad(`action:${a.key}.dueMinutes`)} aria-describedby={describedBy(`action:${a.key}.dueMinutes`, hintId)} className="w-20 tabular-nums" value={a.due} onChange={(e) => setAction(i, { due: e.target.value })} />
                    </label>
                    <span className="ml-auto flex gap-1">
                      <Button size="xs" data-testid="plan-action-up" aria-label={label(t('moveUp'))} title={t('moveUp')} disabled={i === 0} onClick={() => move(i, -1)}>
                        ↑
                      </Button>
                      <Button size="xs" data-testid="plan-action-down" aria-label={label(t('moveDown'))} title={t('moveDown')} disabled={i === draft.actions.length - 1} onClick={() => move(i, 1)}>
                        ↓
                      </Button>
                      <Button size="xs" data-testid="plan-action-remove" aria-label={label(t('remove'))} onClick={() => remove(i)}>
                        {t('remove')}
                      </Button>
                    </span>
                  </div>
                  <div className="grid grid-cols-2 gap-2">
                    <label className={LABEL}>
                      <span className="w-8 shrink-0" lang="zh-CN">{t('zh')}</span>
                      {/* Named in the page's language, not the field's (a name on the field would be read in its language). */}
                      <span id={`${ids}-${a.key}-zh`} hidden>
                        {label(t('columns.titleZh'))}
                      </span>
                      <TextInput data-testid="plan-action-title-zh" lang="zh-CN" autoFocus={a.key === added} aria-labelledby={`${ids}-${a.key}-zh`} aria-invalid={bad(`action:${a.key}.title.zh`)} aria-describedby={describedBy(`action:${a.key}.title.zh`)} maxLength={LIMITS.title} value={a.titleZh} onChange={(e) => setAction(i, { titleZh: e.target.value })} />
                    </label>
                    <label className={LABEL}>
                      <span className="w-8 shrink-0">{t('en')}</span>
                      <span id={`${ids}-${a.key}-en`} hidden>
                        {label(t('columns.titleEn'))}
                      </span>
                      <TextInput data-testid="plan-action-title-en" lang="en" aria-labelledby={`${ids}-${a.key}-en`} aria-invalid={bad(`action:${a.key}.title.en`)} aria-describedby={describedBy(`action:${a.key}.title.en`)} maxLength={LIMITS.title} value={a.titleEn} onChange={(e) => setAction(i, { titleEn: e.target.value })} />
                    </label>
                  </div>
                </div>
              </li>
            );
          })}
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
