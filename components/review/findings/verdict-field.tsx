'use client';

import { useTranslations } from 'next-intl';
import type { FindingVerdict } from '@/lib/protocol/review';
import { RadioRow } from '@/components/ui/radio-row';

/** A finding's verdict, strength or area for improvement (adding and amending a finding). */
export function VerdictField({
  name,
  value,
  onChange,
  invalid = false,
}: {
  name: string;
  value: FindingVerdict | null;
  onChange: (v: FindingVerdict) => void;
  invalid?: boolean;
}) {
  const t = useTranslations('findings');
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-slate-800">{t('form.verdict')}</legend>
      <RadioRow<FindingVerdict>
        name={name}
        value={value}
        onChange={onChange}
        options={[
          { value: 'strength', label: t('verdict.strength') },
          { value: 'improvement', label: t('verdict.improvement') },
        ]}
      />
      {invalid && <p className="mt-1 text-xs font-medium text-red-700">{t('form.invalidVerdict')}</p>}
    </fieldset>
  );
}
