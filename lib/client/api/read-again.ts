import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { queryKeys } from '../query-keys';

/**
 * After an admin's change, which the audit log records (SPEC AUTH12): what it changed (`keys`)
 * and the audit tab, which an open one shows at once, are read again.
 */
export function readAgainAudited(qc: QueryClient, ...keys: QueryKey[]): void {
  for (const queryKey of [...keys, queryKeys.audit()]) void qc.invalidateQueries({ queryKey });
}
