'use client';

import { useTranslations } from 'next-intl';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Select } from '@/components/ui/inputs';
import { RadioRow } from '@/components/ui/radio-row';
import type { VerdictFilter } from './finding-helpers';

/**
 * Strengths / areas for improvement, and one agency (by the finding's ref). `agencies`: the
 * incident's and any other a finding is filed under (`agencyFilterOptions`).
 */
export function FindingFilters(props: {
  agencies: readonly string[];
  verdict: VerdictFilter;
  onVerdict: (v: VerdictFilter) => void;
  agency: string;
  onAgency: (a: string) => void;
}) {
  const t = useTranslations('findings');
  const agencies = useAgencyDirectory();
  return (
    <div className="flex flex-wrap items-center gap-4" role="group" aria-label={t('filter.label')}>
      <RadioRow<VerdictFilter>
        name="findings-filter-verdict"
        value={props.verdict}
        onChange={props.onVerdict}
        options={[
          { value: 'all', label: t('filter.all') },
          { value: 'strength', label: t('verdict.strength') },
          { value: 'improvement', label: t('verdict.improvement') },
        ]}
      />
      <label className="flex items-center gap-2 text-sm text-slate-800">
        {t('filter.agency')}
        <Select data-testid="findings-filter-agency" value={props.agency} onChange={(e) => props.onAgency(e.target.value)} className="w-auto">
          <option value="">{t('filter.allAgencies')}</option>
          {props.agencies.map((code) => (
            <option key={code} value={code}>
              {agencies.name(code)}
            </option>
          ))}
        </Select>
      </label>
    </div>
  );
}
