'use client';

import { useLocale, useTranslations } from 'next-intl';
import { bilingualLang } from '@/lib/domain/bilingual';
import type { EmergencyPlan } from '@/lib/domain/plans';

/** A plan in one line, "<name> · N actions" ("No plan · no actions" for a plan without any): the scenario list's and the import's. */
export function usePlanSummary(): (plan: Pick<EmergencyPlan, 'name' | 'actions'> | undefined) => string {
  const t = useTranslations('admin.plans');
  const lang = bilingualLang(useLocale());
  return (plan) => t('summary', { name: plan && plan.actions.length > 0 ? plan.name[lang] : t('none'), count: plan?.actions.length ?? 0 });
}
