'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { auditDetailLines, type AuditValue } from './audit-detail-lines';
import { useIncidentTitles } from './use-incident-titles';

/** What an entry recorded, in words: each field's label and its value formatted (auditDetailLines). */
export function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const t = useTranslations('admin.audit');
  const tc = useTranslations('common');
  const lines = auditDetailLines(details);
  if (lines.length === 0) return <span className="text-slate-500">{tc('none')}</span>;
  return (
    // One line per field, the value after its label and wrapping under it in a narrow column.
    <dl className="space-y-0.5" data-testid="audit-details">
      {lines.map((line) => (
        <div key={line.name} className="flex flex-wrap gap-x-2">
          <dt className={line.field ? 'text-slate-600' : 'font-mono text-slate-600'} data-field={line.name}>
            {line.field ? t(`fields.${line.field}`) : line.name}
          </dt>
          <dd className="min-w-0 text-slate-900">
            <AuditValueText value={line.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function AuditValueText({ value }: { value: AuditValue }) {
  const t = useTranslations();
  const ta = useTranslations('admin.audit');
  const tc = useTranslations('common');
  const clock = useClockFormat();
  const agencies = useAgencyDirectory();
  const format = useFormatter();
  switch (value.kind) {
    case 'text':
      return <span className="break-words">{value.text}</span>;
    case 'code':
      return <span className="font-mono break-all">{value.text}</span>;
    case 'id':
      return <IdText id={value.id} />;
    case 'raw':
      return <span className="font-mono break-all">{value.json}</span>;
    case 'time':
      return <span className="tabular-nums">{clock.stamp(value.at)}</span>;
    case 'count':
      return <span className="tabular-nums">{value.n}</span>;
    case 'yes-no':
      return <>{ta(value.value ? 'yes' : 'no')}</>;
    case 'role':
      return <>{t(`roles.${value.role}`)}</>;
    case 'agency':
      return <>{value.code ? agencies.name(value.code) : t('header.noAgency')}</>;
    case 'agencies':
      return <>{value.codes.length ? format.list(value.codes.map((c) => agencies.name(c)), { type: 'conjunction' }) : tc('none')}</>;
    case 'reason':
      return <>{ta(`reasons.${value.reason}`)}</>;
    case 'lock':
      return <>{ta(`locks.${value.lock}`)}</>;
    case 'scope':
      return value.scope.kind === 'active' ? (
        <>{t('admin.displays.scope.active')}</>
      ) : (
        <>
          {ta('oneIncident')} <IncidentName id={value.scope.incidentId} />
        </>
      );
    case 'origin':
      return <>{ta(`origins.${value.origin}`)}</>;
    case 'none':
      return <span className="text-slate-500">{tc('none')}</span>;
    case 'color':
      return (
        <span className="inline-flex items-center gap-1 font-mono">
          <span aria-hidden className="inline-block size-3 rounded-sm border border-slate-400" style={{ backgroundColor: value.hex }} />
          {value.hex}
        </span>
      );
    default:
      value satisfies never;
      return null;
  }
}

/** An incident by its title, as people know it (its id on hover); by its id when this browser does not know it. */
function IncidentName({ id }: { id: string }) {
  const title = useIncidentTitles().get(id);
  if (!title) return <IdText id={id} />;
  return (
    <span className="break-words" title={id} data-testid="audit-incident-title">
      {title}
    </span>
  );
}

/** An id: its first eight characters in view, as the Target column shows one; the whole in the page (copied, read by a screen reader) and on hover. */
function IdText({ id }: { id: string }) {
  return (
    <span className="inline-block max-w-[8ch] truncate align-bottom font-mono" title={id}>
      {id}
    </span>
  );
}
