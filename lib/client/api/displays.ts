import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';
import { DisplayViewSchema } from './schemas';

const DisplaysResponse = z.object({ ok: z.literal(true), displays: z.array(DisplayViewSchema) });

/** Display screens, newest first, revoked ones included (admin). */
export async function getDisplays() {
  return (await fetchJson('/api/displays', { schema: DisplaysResponse })).displays;
}

export function useDisplays() {
  return useQuery({ queryKey: queryKeys.displays(), queryFn: getDisplays });
}
