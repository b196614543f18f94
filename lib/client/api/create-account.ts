import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { CreateAccountRequest } from '@/lib/protocol/http';
import { queryKeys } from '../query-keys';
import { readAgainAudited } from './read-again';
import { fetchJson } from './fetch-json';
import { AccountViewSchema } from './schemas';

const AccountResponse = z.object({ ok: z.literal(true), account: AccountViewSchema });

export function createAccount(body: CreateAccountRequest) {
  return fetchJson('/api/accounts', { method: 'POST', body, schema: AccountResponse });
}

export function useCreateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createAccount,
    // Recorded in the audit log, which an open audit tab shows at once.
    onSuccess: () => readAgainAudited(qc, queryKeys.accounts()),
  });
}
