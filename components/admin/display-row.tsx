'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { DisplayView } from '@/lib/protocol/http';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { RevokeDisplayDialog } from './revoke-display-dialog';

/** One wall screen: name, what it shows, issued when and by whom, last seen, revoked or not. */
export function DisplayRow({ display, titles }: { display: DisplayView; titles: ReadonlyMap<string, string> }) {
  const t = useTranslations('admin.displays');
  const clock = useClockFormat();
  const [confirming, setConfirming] = useState(false);
  const revoked = display.revokedAt !== null;
  const scope =
    display.scope.kind === 'active'
      ? t('scope.active')
      : t('scope.incident', { title: titles.get(display.scope.incidentId) ?? t('unknownIncident') });
  return (
    <tr
      data-testid="display-row"
      data-display-id={display.id}
      data-revoked={revoked || undefined}
      className={cx('border-b border-slate-200 align-top', revoked && 'text-slate-500')}
    >
      <td className="py-1.5 pr-3 font-medium break-words">{display.name}</td>
      <td className="py-1.5 pr-3 break-words" data-testid="display-scope" data-scope={display.scope.kind}>{scope}</td>
      <td className="py-1.5 pr-3 whitespace-nowrap tabular-nums">{clock.stamp(display.createdAt)}</td>
      <td className="py-1.5 pr-3 font-mono text-xs">{display.createdBy.username}</td>
      <td className="py-1.5 pr-3 whitespace-nowrap tabular-nums" data-testid="display-last-seen">
        {display.lastSeenAt === null ? t('never') : clock.stamp(display.lastSeenAt)}
      </td>
      <td className="py-1.5 pr-3 text-xs">
        {revoked ? (
          <span className="rounded bg-slate-200 px-1.5 py-px font-semibold whitespace-nowrap text-slate-700">
            {t('revokedAt', { time: clock.stamp(display.revokedAt ?? 0) })}
          </span>
        ) : (
          <span className="rounded bg-emerald-100 px-1.5 py-px font-semibold text-emerald-900">{t('active')}</span>
        )}
      </td>
      <td className="py-1.5 text-right">
        {!revoked && (
          <Button size="xs" variant="danger" data-testid="display-revoke" onClick={() => setConfirming(true)}>{t('revoke')}</Button>
        )}
        {confirming && <RevokeDisplayDialog display={display} onClose={() => setConfirming(false)} />}
      </td>
    </tr>
  );
}
