'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Agency } from '@/lib/domain/agencies';
import { ApiError } from '@/lib/client/api/api-error';
import { useAgencies } from '@/lib/client/api/agencies';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { AgencyDialog } from './agency-dialog';

export function AgenciesPanel() {
  const t = useTranslations('admin.agencies');
  const tc = useTranslations('common');
  const agencies = useAgencies();
  const [dialog, setDialog] = useState<{ agency?: Agency } | null>(null);
  return (
    <div>
      <div className="mb-3 flex items-center">
        <h2 className="text-base font-semibold">{t('title')}</h2>
        <Button variant="primary" size="sm" className="ml-auto" data-testid="create-agency-button" onClick={() => setDialog({})}>
          {t('create')}
        </Button>
      </div>
      {agencies.isPending && <Spinner label={tc('loading')} />}
      {agencies.error instanceof ApiError && <ErrorMessage error={agencies.error} reading />}
      {agencies.data && (
        <table className="w-full text-left text-sm" data-testid="agencies-table">
          <thead className="border-b border-slate-300 text-xs text-slate-600">
            <tr>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.color')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.short')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.nameZh')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.nameEn')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.code')}</th>
              <th className="py-1.5 font-semibold"><span className="sr-only">{t('columns.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {agencies.data.map((a) => (
              <tr key={a.code} data-testid="agency-row" data-agency={a.code} className="border-b border-slate-200">
                <td className="py-1.5 pr-3">
                  <span className="inline-flex items-center gap-2 font-mono text-xs">
                    <span aria-hidden className="size-5 rounded border border-slate-400" style={{ backgroundColor: a.color }} />
                    {a.color}
                  </span>
                </td>
                <td className="py-1.5 pr-3 font-semibold">{a.short}</td>
                <td className="py-1.5 pr-3" lang="zh-CN">{a.nameZh}</td>
                <td className="py-1.5 pr-3" lang="en">{a.nameEn}</td>
                <td className="py-1.5 pr-3 font-mono text-xs">{a.code}</td>
                <td className="py-1.5 text-right">
                  <Button size="xs" onClick={() => setDialog({ agency: a })}>{tc('edit')}</Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog && <AgencyDialog agency={dialog.agency} onClose={() => setDialog(null)} />}
    </div>
  );
}
