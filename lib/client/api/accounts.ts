import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';
import { AccountViewSchema } from './schemas';

const AccountsResponse = z.object({ ok: z.literal(true), accounts: z.array(AccountViewSchema) });

export async function getAccounts() {
  return (await fetchJson('/api/accounts', { schema: AccountsResponse })).accounts;
}

export function useAccounts() {
  return useQuery({ queryKey: queryKeys.accounts(), queryFn: getAccounts });
}
