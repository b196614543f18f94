'use client';

import { useTranslations } from 'next-intl';

/** Field names and values as recorded (data, not prose): strings as they are, the rest as JSON. */
export function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const tc = useTranslations('common');
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="text-slate-500">{tc('none')}</span>;
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 font-mono">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-slate-500">{key}</dt>
          <dd className="break-all text-slate-900">{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
