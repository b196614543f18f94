'use client';

import '@/lib/client/zod-config';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { usePathname } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { ApiError, isUnauthenticated } from '@/lib/client/api/api-error';
import { useMe } from '@/lib/client/api/me';
import { isWallPath } from '@/lib/client/display-link';
import { queryKeys } from '@/lib/client/query-keys';
import { OutboxProvider } from '@/lib/client/outbox-provider';
import { SyncProvider } from '@/lib/client/sync-provider';
import { OfflineWorker } from '@/components/shell/offline-worker';
import { NoticeProvider } from '@/components/ui/notices';
import { useFollowAgencies, useFollowPlans } from '@/lib/client/use-follow-agencies';

function makeQueryClient(): QueryClient {
  // A 401 on a read means the session is gone: mark signed out so the gate sends the
  // person to /login. (Not on mutations: a wrong current password is a 401 too.)
  const onError = (error: unknown) => {
    if (isUnauthenticated(error)) client.setQueryData(queryKeys.me(), null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Client errors (4xx) will not fix themselves; network and 5xx are retried.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 3,
      },
    },
  });
  return client;
}

/**
 * The live connection exists only for a signed-in account, and is rebuilt when
 * the account changes (keyed by id), so a new sign-in never reuses a socket
 * that was refused or belonged to someone else. (The provider itself handles
 * session:ended, refused handshakes, and a reconnect that turns out to be another
 * account's: SPEC SYNC11.) The account's outbox lives inside it.
 */
function SignedInSync({ children }: { children: ReactNode }) {
  // A wall screen is its display link's, not the account's of whoever signed in on that browser
  // (an admin who issued the link there): the account's socket would end the wall at that
  // session's end (idle, signed out, revoked) by taking it to the sign-in page. Its own
  // connection is the display page's (SPEC AUTH7).
  return isWallPath(usePathname()) ? <>{children}</> : <AccountSync>{children}</AccountSync>;
}

function AccountSync({ children }: { children: ReactNode }) {
  const { data: account } = useMe();
  // A one-time password must be changed first: the server refuses such a session's socket
  // (FORBIDDEN), and the provider's answer to that is to send the person to this very page.
  if (!account || account.mustChangePassword) return <>{children}</>;
  return (
    <SyncProvider key={account.id} accountId={account.id}>
      <FollowAgencies />
      <OutboxProvider accountId={account.id}>{children}</OutboxProvider>
    </SyncProvider>
  );
}

/** The agency list and the emergency plans kept current while connected (useFollowAgencies, useFollowPlans). */
function FollowAgencies() {
  useFollowAgencies();
  useFollowPlans();
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={client}>
      <NoticeProvider>
        <OfflineWorker />
        <SignedInSync>{children}</SignedInSync>
      </NoticeProvider>
    </QueryClientProvider>
  );
}
