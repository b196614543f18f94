import type { QueryClient } from '@tanstack/react-query';
import type { AccountView } from '@/lib/protocol/http';
import { forgetOfflineCopies } from '../offline/forget';
import { queryKeys } from '../query-keys';

/**
 * The signed-in person changed: forget everything the previous one could read,
 * the copies this device kept for offline use too (SPEC SYNC12), then record who is signed in
 * now. `me` is kept as a query (not cleared) so the components watching it see the change.
 */
export function resetSessionCache(qc: QueryClient, account: AccountView | null): void {
  void forgetOfflineCopies();
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me()[0] });
  qc.setQueryData(queryKeys.me(), account);
}
