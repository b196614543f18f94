import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { Agency } from '@/lib/domain/agencies';
import { queryKeys } from '../query-keys';
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
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.agencies() }),
  });
}
