'use client';

import { useTranslations } from 'next-intl';
import type { IncidentSummary } from '@/lib/domain/incident/summary';
import { LIMITS } from '@/lib/domain/limits';
import { DISPLAY_LANGS, type DisplayLang } from '@/lib/client/display-link';
import { Field, FieldSet } from '@/components/ui/field';
import { Select, TextInput } from '@/components/ui/inputs';
import { RadioRow } from '@/components/ui/radio-row';
import { useIncidentLabel } from './use-incident-titles';

export interface DisplayDraft {
  name: string;
  scope: 'incident' | 'active';
  /** The chosen incident when the scope is one incident; '' until chosen. */
  incidentId: string;
  lang: DisplayLang;
}

interface Props {
  draft: DisplayDraft;
  onChange: (draft: DisplayDraft) => void;
  /** Open incidents first, then closed ones. */
  incidents: IncidentSummary[];
  problems: Partial<Record<'name' | 'incidentId', string | null>>;
}

export function IssueDisplayFields({ draft, onChange, incidents, problems }: Props) {
  const label = useIncidentLabel();
  const t = useTranslations('admin.displays.issue');
  const set = <K extends keyof DisplayDraft>(key: K, value: DisplayDraft[K]) => onChange({ ...draft, [key]: value });
  return (
    <>
      <Field label={t('name')} hint={t('nameHint')} error={problems.name}>
        <TextInput data-testid="display-name-input" autoFocus maxLength={LIMITS.name} value={draft.name} onChange={(e) => set('name', e.target.value)} />
      </Field>
      <FieldSet legend={t('scope')}>
        <RadioRow
          name="display-scope"
          value={draft.scope}
          options={[
            { value: 'incident', label: t('scopeIncident') },
            { value: 'active', label: t('scopeActive') },
          ]}
          onChange={(scope) => set('scope', scope)}
        />
      </FieldSet>
      {draft.scope === 'incident' && (
        <Field label={t('incident')} error={problems.incidentId ?? (incidents.length === 0 ? t('noIncidents') : null)}>
          <Select data-testid="display-incident-input" value={draft.incidentId} onChange={(e) => set('incidentId', e.target.value)}>
            {incidents.map((i) => (
              <option key={i.id} value={i.id}>
                {i.phase === 'closed' ? t('closed', { title: label(i) }) : label(i)}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <FieldSet legend={t('language')}>
        <RadioRow name="display-lang" value={draft.lang} options={DISPLAY_LANGS.map((l) => ({ value: l, label: t(`lang.${l}`) }))} onChange={(lang) => set('lang', lang)} />
      </FieldSet>
    </>
  );
}
