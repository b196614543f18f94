'use client';

import { useTranslations } from 'next-intl';
import { memo } from 'react';
import { PRIORITIES, type Priority } from '@/lib/domain/incident/vocabulary';
import { LIMITS } from '@/lib/domain/limits';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Button } from '@/components/ui/button';
import { Select, TextInput } from '@/components/ui/inputs';
import type { DraftAction } from './plan-draft';

const LABEL = 'flex min-w-0 items-center gap-1.5 text-xs font-medium text-slate-700';

/** What a row asks of the editor, by the action's key: one object for the editor's life, so a row re-renders only when its own props change. */
export interface PlanRowActions {
  change(key: string, patch: Partial<DraftAction>): void;
  move(key: string, by: -1 | 1): void;
  remove(key: string): void;
}

interface Props {
  action: DraftAction;
  /** 1-based, as the row is numbered and its controls named. */
  n: number;
  last: boolean;
  /** The editor's useId: the rows' hidden names are `${ids}-${key}-zh|en`. */
  ids: string;
  /** The due times' hint, and what the save said of the fields marked invalid (aria-describedby). */
  hintId: string;
  invalidId: string;
  badDue: boolean;
  badZh: boolean;
  badEn: boolean;
  actions: PlanRowActions;
}

/**
 * One action of an emergency plan in the editor (SPEC PLAN2): its agency, priority, due minutes,
 * titles in both languages; move and remove. Memoised: typing in one row renders that row only,
 * not every row of a plan of up to LIMITS.planActions.
 */
export const PlanActionRow = memo(function PlanActionRow({ action: a, n, last, ids, hintId, invalidId, badDue, badZh, badEn, actions }: Props) {
  const t = useTranslations('admin.plans');
  const tPriority = useTranslations('priority');
  const agencies = useAgencyDirectory();
  const label = (column: string) => t('cell', { n, column });
  const described = (bad: boolean, ...more: string[]) => [...more, ...(bad ? [invalidId] : [])].join(' ') || undefined;
  const set = (patch: Partial<DraftAction>) => actions.change(a.key, patch);
  return (
    <li data-testid="plan-action-row" data-key={a.key} className="flex gap-2 border-b border-slate-200 py-2">
      <span className="w-6 shrink-0 pt-2 text-right tabular-nums text-slate-600">{n}</span>
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
          <label className={LABEL}>
            <span>{t('columns.agency')}</span>
            <Select data-testid="plan-action-agency" aria-label={label(t('columns.agency'))} className="w-48" value={a.agency} onChange={(e) => set({ agency: e.target.value })}>
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
            <Select data-testid="plan-action-priority" aria-label={label(t('columns.priority'))} className="w-28" value={a.priority} onChange={(e) => set({ priority: e.target.value as Priority })}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {tPriority(p)}
                </option>
              ))}
            </Select>
          </label>
          <label className={LABEL}>
            <span>{t('columns.due')}</span>
            <TextInput data-testid="plan-action-due" inputMode="numeric" placeholder={t('dueNone')} aria-label={label(t('columns.due'))} aria-invalid={badDue || undefined} aria-describedby={described(badDue, hintId)} className="w-20 tabular-nums" value={a.due} onChange={(e) => set({ due: e.target.value })} />
          </label>
          <span className="ml-auto flex gap-1">
            <Button size="xs" data-testid="plan-action-up" aria-label={label(t('moveUp'))} title={t('moveUp')} disabled={n === 1} onClick={() => actions.move(a.key, -1)}>
              ↑
            </Button>
            <Button size="xs" data-testid="plan-action-down" aria-label={label(t('moveDown'))} title={t('moveDown')} disabled={last} onClick={() => actions.move(a.key, 1)}>
              ↓
            </Button>
            <Button size="xs" data-testid="plan-action-remove" aria-label={label(t('remove'))} onClick={() => actions.remove(a.key)}>
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
            <TextInput data-testid="plan-action-title-zh" lang="zh-CN" aria-labelledby={`${ids}-${a.key}-zh`} aria-invalid={badZh || undefined} aria-describedby={described(badZh)} maxLength={LIMITS.title} value={a.titleZh} onChange={(e) => set({ titleZh: e.target.value })} />
          </label>
          <label className={LABEL}>
            <span className="w-8 shrink-0">{t('en')}</span>
            <span id={`${ids}-${a.key}-en`} hidden>
              {label(t('columns.titleEn'))}
            </span>
            <TextInput data-testid="plan-action-title-en" lang="en" aria-labelledby={`${ids}-${a.key}-en`} aria-invalid={badEn || undefined} aria-describedby={described(badEn)} maxLength={LIMITS.title} value={a.titleEn} onChange={(e) => set({ titleEn: e.target.value })} />
          </label>
        </div>
      </div>
    </li>
  );
});
