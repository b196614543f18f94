'use client';

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Actor } from '@/lib/domain/actor';
import type { AccountView } from '@/lib/protocol/http';

const AccountContext = createContext<AccountView | null>(null);

export function AccountProvider({ account, children }: { account: AccountView; children: ReactNode }) {
  return <AccountContext.Provider value={account}>{children}</AccountContext.Provider>;
}

/** The signed-in account; only inside the AuthGate. */
export function useAccount(): AccountView {
  const account = useContext(AccountContext);
  if (!account) throw new Error('useAccount outside AuthGate');
  return account;
}

/** The account as the domain sees it, for authorize(). */
export function toActor(account: AccountView): Actor {
  return { userId: account.id, name: account.displayName, agency: account.agency, role: account.role };
}

/** The signed-in account as an Actor, stable while the account does not change. */
export function useActor(): Actor {
  const account = useAccount();
  return useMemo(() => toActor(account), [account]);
}
