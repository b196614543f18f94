'use client';

import { useFormatter, useTranslations } from 'next-intl';

/**
 * The line an edit dialog shows in its refusal's place after a CONFLICT it took in (SPEC CONC1,
 * AUTH8): the fields someone else changed meanwhile, by their labels, joined as the language joins
 * them; the form shows the latest, the person's own edits kept.
 */
export function useChangedMeanwhileText(): (labels: readonly string[]) => string {
  const common = useTranslations('common');
  const format = useFormatter();
  return (labels) => common('changedMeanwhile', { fields: format.list(labels, { type: 'conjunction' }) });
}
