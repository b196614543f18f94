import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { CreateDisplayRequest } from '@/lib/protocol/http';
import { queryKeys } from '../query-keys';
import { readAgainAudited } from './read-again';
import { fetchJson } from './fetch-json';
import { DisplayViewSchema } from './schemas';

const CreateDisplayResponse = z.object({ ok: z.literal(true), display: DisplayViewSchema, token: z.string() });

/** Issues a display token; the answer is the only time the token is shown (admin). */
export function createDisplay(body: CreateDisplayRequest) {
  return fetchJson('/api/displays', { method: 'POST', body, schema: CreateDisplayResponse });
}

export function useCreateDisplay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createDisplay,
    onSuccess: () => readAgainAudited(qc, queryKeys.displays()),
  });
}
