'use client';

import { useTranslations } from 'next-intl';
import { INCIDENT_KINDS, SCENARIOS, SEVERITIES } from '@/lib/domain/incident/vocabulary';
import { Field, FieldSet } from '@/components/ui/field';
import { Select, TextArea, TextInput } from '@/components/ui/inputs';
import { AgencyCheckboxes } from './agency-checkboxes';
import type { OpenIncidentDraft } from './open-incident-dialog';
import { RadioRow } from '@/components/ui/radio-row';

interface Props {
  draft: OpenIncidentDraft;
  onChange: (draft: OpenIncidentDraft) => void;
  problems: Partial<Record<'title' | 'kind' | 'scenario' | 'agencies', string | null>>;
}

export function OpenIncidentFields({ draft, onChange, problems }: Props) {
  const t = useTranslations();
  const set = <K extends keyof OpenIncidentDraft>(key: K, value: OpenIncidentDraft[K]) => onChange({ ...draft, [key]: value });
  return (
    <>
      <Field label={t('openIncident.fields.title')} error={problems.title}>
        <TextInput data-testid="incident-title-input" value={draft.title} onChange={(e) => set('title', e.target.value)} autoFocus />
      </Field>
      <FieldSet legend={t('openIncident.fields.kind')} error={problems.kind}>
        <RadioRow
          name="kind"
          value={draft.kind}
          options={INCIDENT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          onChange={(k) => set('kind', k)}
        />
      </FieldSet>
      <div className="grid grid-cols-2 gap-4">
        {/* No default: the scenario is recorded for good, so it is chosen, never taken as offered. */}
        <Field label={t('openIncident.fields.scenario')} error={problems.scenario}>
          <Select
            data-testid="incident-scenario-input"
            value={draft.scenario ?? ''}
            onChange={(e) => set('scenario', (e.target.value || null) as OpenIncidentDraft['scenario'])}
          >
            <option value="" disabled>{t('openIncident.fields.scenarioChoose')}</option>
            {SCENARIOS.map((s) => (
              <option key={s} value={s}>{t(`scenario.${s}`)}</option>
            ))}
          </Select>
        </Field>
        <Field label={t('openIncident.fields.severity')}>
          <Select data-testid="incident-severity-input" value={draft.severity} onChange={(e) => set('severity', e.target.value as OpenIncidentDraft['severity'])}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>{t('severity.full', { level: s, name: t(`severity.name.${s}`) })}</option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label={t('openIncident.fields.location')}>
        <TextInput data-testid="incident-location-input" value={draft.location} onChange={(e) => set('location', e.target.value)} />
      </Field>
      <Field label={t('openIncident.fields.description')}>
        <TextArea value={draft.description} onChange={(e) => set('description', e.target.value)} rows={2} />
      </Field>
      <FieldSet legend={t('openIncident.fields.agencies')} error={problems.agencies}>
        <AgencyCheckboxes value={draft.agencies} onChange={(codes) => set('agencies', codes)} />
      </FieldSet>
      <FieldSet legend={t('openIncident.fields.phase')}>
        <RadioRow
          name="phase"
          value={draft.phase}
          options={(['standby', 'response'] as const).map((p) => ({ value: p, label: t(`phase.${p}`) }))}
          onChange={(p) => set('phase', p)}
        />
      </FieldSet>
    </>
  );
}
