'use client';

import { useTranslations } from 'next-intl';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { useAccount } from './account-context';

/** "Li Wei · Liaison · Customs" */
export function UserBadge() {
  const t = useTranslations();
  const account = useAccount();
  const agencies = useAgencyDirectory();
  return (
    <div className="flex min-w-0 flex-col items-end leading-tight" data-testid="current-user" data-role={account.role}>
      <span className="max-w-full truncate text-sm font-semibold text-white">{account.displayName}</span>
      <span className="max-w-full truncate text-xs text-slate-300">
        {t(`roles.${account.role}`)}
        {' · '}
        {account.agency ? agencies.name(account.agency) : t('header.noAgency')}
      </span>
    </div>
  );
}
