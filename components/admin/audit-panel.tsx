'use client';

import { useTranslations } from 'next-intl';
import { ApiError } from '@/lib/client/api/api-error';
import { useAuditLog } from '@/lib/client/api/audit-log';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { AuditRow } from './audit-row';

/** The audit log, newest first, one page at a time (SPEC AUTH12). */
export function AuditPanel() {
  const t = useTranslations('admin.audit');
  const tc = useTranslations('common');
  const log = useAuditLog();
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <div>
      <div className="mb-3 flex items-center gap-3">
        <div>
          <h2 id="audit-title" className="text-base font-semibold">{t('title')}</h2>
          <p className="text-xs text-slate-600">{t('description')}</p>
        </div>
        <Button size="sm" className="ml-auto" data-testid="audit-refresh" disabled={log.isFetching} onClick={() => void log.refetch()}>
          {t('refresh')}
        </Button>
      </div>
      {log.isPending && <Spinner label={tc('loading')} />}
      {log.error instanceof ApiError && <ErrorMessage error={log.error} reading />}
      {log.data && entries.length === 0 && <p className="py-4 text-sm text-slate-600">{t('empty')}</p>}
      {entries.length > 0 && (
        // A region and a stop of its own: on a narrow window it scrolls sideways, from the keyboard too.
        <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-blue-600" tabIndex={0} role="region" aria-labelledby="audit-title">
          <table className="w-full min-w-[1000px] text-left text-sm" data-testid="audit-table">
            <thead className="border-b border-slate-300 text-xs text-slate-600">
              <tr>
                <th className="py-1.5 pr-3 font-semibold">{t('columns.time')}</th>
                <th className="py-1.5 pr-3 font-semibold">{t('columns.action')}</th>
                <th className="py-1.5 pr-3 font-semibold">{t('columns.who')}</th>
                <th className="py-1.5 pr-3 font-semibold">{t('columns.target')}</th>
                <th className="py-1.5 pr-3 font-semibold">{t('columns.address')}</th>
                <th className="py-1.5 pr-3 font-semibold">{t('columns.userAgent')}</th>
                <th className="min-w-48 py-1.5 font-semibold">{t('columns.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <AuditRow key={e.id} entry={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage ? (
        <div className="mt-3 text-center">
          <Button size="sm" data-testid="audit-more" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {log.isFetchingNextPage ? tc('loading') : t('more')}
          </Button>
        </div>
      ) : (
        entries.length > 0 && <p className="mt-3 text-center text-xs text-slate-500" data-testid="audit-end">{t('end')}</p>
      )}
    </div>
  );
}
