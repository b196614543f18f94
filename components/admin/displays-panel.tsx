'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError } from '@/lib/client/api/api-error';
import { useDisplays } from '@/lib/client/api/displays';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { DisplayRow } from './display-row';
import { IssueDisplayDialog } from './issue-display-dialog';
import { useIncidentTitles } from './use-incident-titles';

/** Wall screens: what each shows, when it was last seen, revoke; issue a new link (SPEC AUTH7). */
export function DisplaysPanel() {
  const t = useTranslations('admin.displays');
  const tc = useTranslations('common');
  const displays = useDisplays();
  const titles = useIncidentTitles();
  const [issuing, setIssuing] = useState(false);
  return (
    <div>
      <div className="mb-3 flex items-center gap-3">
        <div>
          <h2 className="text-base font-semibold">{t('title')}</h2>
          <p className="text-xs text-slate-600">{t('description')}</p>
        </div>
        <Button variant="primary" size="sm" className="ml-auto" data-testid="issue-display-button" onClick={() => setIssuing(true)}>
          {t('create')}
        </Button>
      </div>
      {displays.isPending && <Spinner label={tc('loading')} />}
      {displays.error instanceof ApiError && <ErrorMessage error={displays.error} reading />}
      {displays.data?.length === 0 && <p className="py-4 text-sm text-slate-600">{t('empty')}</p>}
      {displays.data && displays.data.length > 0 && (
        <table className="w-full text-left text-sm" data-testid="displays-table">
          <thead className="border-b border-slate-300 text-xs text-slate-600">
            <tr>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.name')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.scope')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.created')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.createdBy')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.lastSeen')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.state')}</th>
              <th className="py-1.5 font-semibold"><span className="sr-only">{t('columns.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {displays.data.map((d) => (
              <DisplayRow key={d.id} display={d} titles={titles} />
            ))}
          </tbody>
        </table>
      )}
      {issuing && <IssueDisplayDialog onClose={() => setIssuing(false)} />}
    </div>
  );
}
