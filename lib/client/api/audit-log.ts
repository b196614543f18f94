import { useInfiniteQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';
import { AuditEntrySchema } from './schemas';

const AuditPageResponse = z.object({ ok: z.literal(true), entries: z.array(AuditEntrySchema), next: z.string().nullable() });

export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit log, newest first; `before` is the previous page's `next` (admin). */
export async function getAuditPage(before: string | null) {
  const q = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
  if (before) q.set('before', before);
  return fetchJson(`/api/audit?${q}`, { schema: AuditPageResponse });
}

export function useAuditLog() {
  return useInfiniteQuery({
    queryKey: queryKeys.audit(),
    queryFn: ({ pageParam }) => getAuditPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
}
