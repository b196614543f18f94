'use client';

import { useTranslations } from 'next-intl';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { useAccount } from './account-context';

/** A role and agency as people read them: "Liaison · Customs" (the header's badge, the outbox's decisions). */
export function useRoleAgencyName(): (who: { role: string; agency: string | null }) => string {
  const t = useTranslations();
  const agencies = useAgencyDirectory();
  return (who) => `${t(`roles.${who.role}` as 'roles.liaison')} · ${who.agency ? agencies.name(who.agency) : t('header.noAgency')}`;
}

/** "Li Wei · Liaison · Customs" */
export function UserBadge() {
  const account = useAccount();
  const roleAgency = useRoleAgencyName();
  return (
    <div className="flex min-w-0 flex-col items-end leading-tight" data-testid="current-user" data-role={account.role}>
      <span className="max-w-full truncate text-sm font-semibold text-white">{account.displayName}</span>
      <span className="max-w-full truncate text-xs text-slate-300">{roleAgency(account)}</span>
    </div>
  );
}
