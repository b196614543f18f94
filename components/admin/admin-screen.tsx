'use client';

import * as Tabs from '@radix-ui/react-tabs';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useSearchParams } from 'next/navigation';
import { mayLeave } from '@/components/ui/use-leave-guard';
import { useAccount } from '@/components/shell/account-context';
import { AccountsPanel } from './accounts-panel';
import { AgenciesPanel } from './agencies-panel';
import { AuditPanel } from './audit-panel';
import { DisplaysPanel } from './displays-panel';
import { PlansPanel } from './plans-panel';
import { ImportLogPanel } from '@/components/exports/import-log-panel';

const TABS = ['accounts', 'agencies', 'plans', 'displays', 'audit', 'import'];
const PANEL = 'rounded-b border border-t-0 border-slate-300 bg-white p-4';
const TAB = 'rounded-t border border-b-0 border-transparent px-4 py-2 text-sm font-medium text-slate-700 data-[state=active]:border-slate-300 data-[state=active]:bg-white data-[state=active]:font-semibold data-[state=active]:text-slate-950';

export function AdminScreen() {
  const t = useTranslations('admin');
  const tImport = useTranslations('exports.import');
  const tPlans = useTranslations('admin.plans');
  const account = useAccount();
  // A link may name the tab and the plan (the findings page's "edit the emergency plan": /admin?tab=plans&scenario=hazmat).
  const params = useSearchParams();
  const [tab, setTab] = useState(() => (TABS.includes(params.get('tab') ?? '') ? params.get('tab')! : 'accounts'));
  // A plan with changes not saved: another tab (which drops the editor) asks first.
  const [plansDirty, setPlansDirty] = useState(false);
  if (account.role !== 'admin') {
    return <p role="alert" className="m-8 text-sm font-medium text-red-800">{t('adminOnly')}</p>;
  }
  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-6xl px-4 py-4">
        <div className="mb-3 flex items-center gap-3">
          <h1 className="text-xl font-semibold">{t('title')}</h1>
        </div>
        {/* Manual: a tab is chosen by a click or Enter, not by the focus landing on it (which would ask a second time after a declined question). */}
        <Tabs.Root value={tab} activationMode="manual" onValueChange={(v) => mayLeave(plansDirty, tPlans('leaveConfirm')) && setTab(v)}>
          <Tabs.List aria-label={t('title')} className="flex gap-1 border-b border-slate-300">
            <Tabs.Trigger value="accounts" className={TAB} data-testid="admin-tab-accounts">{t('tabs.accounts')}</Tabs.Trigger>
            <Tabs.Trigger value="agencies" className={TAB} data-testid="admin-tab-agencies">{t('tabs.agencies')}</Tabs.Trigger>
            <Tabs.Trigger value="plans" className={TAB} data-testid="admin-tab-plans">{t('tabs.plans')}</Tabs.Trigger>
            <Tabs.Trigger value="displays" className={TAB} data-testid="admin-tab-displays">{t('tabs.displays')}</Tabs.Trigger>
            <Tabs.Trigger value="audit" className={TAB} data-testid="admin-tab-audit">{t('tabs.audit')}</Tabs.Trigger>
            <Tabs.Trigger value="import" className={TAB} data-testid="admin-tab-import">{tImport('tab')}</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="accounts" className={PANEL}>
            <AccountsPanel />
          </Tabs.Content>
          <Tabs.Content value="agencies" className={PANEL}>
            <AgenciesPanel />
          </Tabs.Content>
          <Tabs.Content value="plans" className={PANEL}>
            <PlansPanel dirty={plansDirty} onDirtyChange={setPlansDirty} initial={params.get('scenario')} />
          </Tabs.Content>
          <Tabs.Content value="displays" className={PANEL}>
            <DisplaysPanel />
          </Tabs.Content>
          <Tabs.Content value="audit" className={PANEL}>
            <AuditPanel />
          </Tabs.Content>
          <Tabs.Content value="import" className={PANEL}>
            <ImportLogPanel />
          </Tabs.Content>
        </Tabs.Root>
      </div>
    </div>
  );
}
