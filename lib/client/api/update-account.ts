import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { UpdateAccountRequest } from '@/lib/protocol/http';
import { queryKeys } from '../query-keys';
import { readAgainAudited } from './read-again';
import { fetchJson } from './fetch-json';
import { AccountViewSchema } from './schemas';

const AccountResponse = z.object({ ok: z.literal(true), account: AccountViewSchema });

export function updateAccount({ id, ...body }: UpdateAccountRequest & { id: string }) {
  return fetchJson(`/api/accounts/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: AccountResponse });
}

export function useUpdateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateAccount,
    // Editing oneself (e.g. an admin's display name) changes the header too.
    onSuccess: () => readAgainAudited(qc, queryKeys.accounts(), queryKeys.me()),
  });
}
