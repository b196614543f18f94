import type { QueryClient } from '@tanstack/react-query';
import type { AccountView } from '@/lib/protocol/http';
import { queryKeys } from '../query-keys';

/**
 * The signed-in person changed: forget everything the previous one could read,
 * then record who is signed in now. `me` is kept as a query (not cleared) so the
 * components watching it see the change.
 */
export function resetSessionCache(qc: QueryClient, account: AccountView | null): void {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me()[0] });
  qc.setQueryData(queryKeys.me(), account);
}
