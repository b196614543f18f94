import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { UpdateAgencyRequest } from '@/lib/protocol/http';
import { queryKeys } from '../query-keys';
import { readAgainAudited } from './read-again';
import { fetchJson } from './fetch-json';
import { AgencySchema } from './schemas';

const AgencyResponse = z.object({ ok: z.literal(true), agency: AgencySchema });

export function updateAgency({ code, ...body }: UpdateAgencyRequest & { code: string }) {
  return fetchJson(`/api/agencies/${encodeURIComponent(code)}`, { method: 'PATCH', body, schema: AgencyResponse });
}

export function useUpdateAgency() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateAgency,
    // Recorded in the audit log, which an open audit tab shows at once.
    onSuccess: () => readAgainAudited(qc, queryKeys.agencies()),
  });
}
