import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { Agency } from '@/lib/domain/agencies';
import { queryKeys } from '../query-keys';
import { readAgainAudited } from './read-again';
import { fetchJson } from './fetch-json';
import { AgencySchema } from './schemas';

const AgencyResponse = z.object({ ok: z.literal(true), agency: AgencySchema });

export function createAgency(body: Agency) {
  return fetchJson('/api/agencies', { method: 'POST', body, schema: AgencyResponse });
}

export function useCreateAgency() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createAgency,
    // Recorded in the audit log, which an open audit tab shows at once.
    onSuccess: () => readAgainAudited(qc, queryKeys.agencies()),
  });
}
