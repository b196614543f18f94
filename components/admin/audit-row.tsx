'use client';

import { useTranslations } from 'next-intl';
import { Scenario } from '@/lib/domain/incident/vocabulary';
import { UNKNOWN_USERNAME, type AuditEntry } from '@/lib/protocol/http';
import { auditActionKey } from '@/lib/i18n/audit-action-key';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { cx } from '@/components/ui/cx';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { AuditDetails } from './audit-details';

const isScenario = (id: string): id is Scenario => Scenario.safeParse(id).success;

const ALERTING = new Set<AuditEntry['action']>(['sign-in.failed', 'sign-in.locked', 'session.revoked', 'display.revoked']);

/** One audit entry: when, what, who, on what, from where, and what changed. */
export function AuditRow({ entry }: { entry: AuditEntry }) {
  const t = useTranslations('admin.audit');
  const tc = useTranslations('common');
  const tScenario = useTranslations('scenario');
  const clock = useClockFormat();
  const agencies = useAgencyDirectory();
  return (
    <tr data-testid="audit-row" data-audit-id={entry.id} data-action={entry.action} className="border-b border-slate-200 align-top">
      <td className="py-1.5 pr-3 whitespace-nowrap tabular-nums">{clock.stamp(entry.at)}</td>
      <td className="py-1.5 pr-3">
        <span className={cx('rounded px-1.5 py-px text-xs font-semibold whitespace-nowrap', ALERTING.has(entry.action) ? 'bg-amber-100 text-amber-950' : 'bg-slate-100 text-slate-800')}>
          {t(`actions.${auditActionKey(entry.action)}`)}
        </span>
      </td>
      <td className="py-1.5 pr-3 font-mono text-xs break-words">
        {entry.actor.accountId === null && entry.actor.username === UNKNOWN_USERNAME ? (
          <span className="font-sans text-slate-600" data-testid="audit-unknown-username">{t('unknownUsername')}</span>
        ) : (
          (entry.actor.username ?? tc('none'))
        )}
      </td>
      <td className="py-1.5 pr-3 text-xs">
        {entry.target ? (
          <>
            <span className="text-slate-600">{t(`targets.${entry.target.kind}`)}</span>{' '}
            {/* An agency by its name in the reader's language; the name the entry recorded then on hover. */}
            {entry.target.kind === 'agency' && agencies.get(entry.target.id) ? (
              <span className="break-words" title={entry.target.label ?? undefined}>
                {agencies.name(entry.target.id)}
              </span>
            ) : entry.target.kind === 'plan' && isScenario(entry.target.id) ? (
              // A plan by its scenario in the reader's language; the plan's English name as saved then on hover.
              <span className="break-words" title={entry.target.label ?? undefined}>
                {tScenario(entry.target.id)}
              </span>
            ) : (
              <span className="font-mono break-words">{entry.target.label ?? entry.target.id.slice(0, 8)}</span>
            )}
          </>
        ) : (
          tc('none')
        )}
      </td>
      <td className="py-1.5 pr-3 font-mono text-xs whitespace-nowrap">{entry.address ?? tc('none')}</td>
      <td className="max-w-56 py-1.5 pr-3 text-xs text-slate-700">
        <span className="line-clamp-2 break-words" title={entry.userAgent ?? undefined}>{entry.userAgent ?? tc('none')}</span>
      </td>
      <td className="py-1.5 text-xs">
        <AuditDetails details={entry.details} />
      </td>
    </tr>
  );
}
