import { useMutation, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { domainError, ErrorCode } from '../../domain/errors';
import { IncidentEventSchema } from '../../domain/incident/event-schema';
import type { IncidentEvent } from '../../domain/incident/events';
import { LIMITS } from '../../domain/limits';
import type { Ack } from '../../protocol/ack';
import type { ImportResult } from '../../protocol/export';
import type { EventsPage as EventsPageAck } from '../../protocol/socket';
import { queryKeys } from '../query-keys';
import { ApiError } from './api-error';
import { fetchJson } from './fetch-json';

const EventsPage = z.object({ ok: z.literal(true), events: z.array(IncidentEventSchema), headSeq: z.number() });

/** One page of GET /api/incidents/:id/events from `from`, at most `limit` events (checked with the event schema). */
function fetchEventsPage(incidentId: string, from: number, { limit = LIMITS.eventsPage, ...opts }: { signal?: AbortSignal; displayToken?: string; limit?: number } = {}) {
  return fetchJson(`/api/incidents/${encodeURIComponent(incidentId)}/events?from=${from}&limit=${limit}`, { schema: EventsPage, ...opts });
}

/** The whole log of an incident, page by page. */
export async function getIncidentLog(incidentId: string): Promise<IncidentEvent[]> {
  const out: IncidentEvent[] = [];
  for (;;) {
    const page = await fetchEventsPage(incidentId, out.length + 1);
    out.push(...page.events);
    if (page.events.length < LIMITS.eventsPage || out.length >= page.headSeq) return out;
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/**
 * One page of the log from `fromSeq`, `limit` events at most (SPEC SYNC9), as a socket's
 * `incident:fetch` answers it: what a live page reads while its socket is down (IncidentFeed, SPEC
 * SYNC7). A failure that is not the server's own refusal (no network, a proxy's page, `signal`
 * ended) is TIMEOUT, as a socket request that got no answer.
 */
export async function readEventsPage(
  incidentId: string,
  fromSeq: number,
  { signal, displayToken, limit }: { signal: AbortSignal; displayToken?: string; limit?: number },
): Promise<Ack<EventsPageAck>> {
  try {
    const page = await fetchEventsPage(incidentId, fromSeq, { signal, displayToken, limit });
    return { ok: true, events: page.events, headSeq: page.headSeq };
  } catch (e) {
    if (e instanceof ApiError && KNOWN_CODES.has(e.code)) return { ok: false, error: domainError(e.code as ErrorCode, e.message, e.details) };
    return { ok: false, error: domainError(ErrorCode.TIMEOUT, e instanceof Error ? e.message : 'No answer from the server.') };
  }
}

/** The log as of loading (the ICS 214 sheet is a record, not a live view). */
export function useIncidentLog(incidentId: string) {
  return useQuery({
    queryKey: queryKeys.incidents.log(incidentId),
    queryFn: () => getIncidentLog(incidentId),
    staleTime: Infinity,
  });
}

const ImportResponse = z.object({
  ok: z.literal(true),
  incidentId: z.string(),
  headSeq: z.number(),
  reviewHeadSeq: z.number(),
  agenciesCreated: z.array(z.string()),
}) satisfies z.ZodType<ImportResult & { ok: true }>;

/** POST /api/incidents/import (admin): the .jsonl file's text as JSON (SPEC AUTH11: state changes are JSON). */
export function importIncidentLog(jsonl: string): Promise<ImportResult> {
  return fetchJson('/api/incidents/import', { method: 'POST', body: { jsonl }, schema: ImportResponse });
}

export function useImportIncidentLog() {
  return useMutation({ mutationFn: importIncidentLog });
}

const csvHref = (id: string, file: 'timeline' | 'tasks' | 'findings' | 'improvement-plan', lang: string, tz: string) =>
  `/api/incidents/${encodeURIComponent(id)}/export/${file}.csv?lang=${encodeURIComponent(lang)}&tz=${encodeURIComponent(tz)}`;

/** Download paths of the exports (GET, same-origin cookie: a plain link downloads them). */
export const exportHref = {
  log: (id: string) => `/api/incidents/${encodeURIComponent(id)}/export/log.jsonl`,
  /** The CSVs: headings and words in `lang`, local times in the zone `tz` (SPEC REV5). */
  timeline: (id: string, lang: string, tz: string) => csvHref(id, 'timeline', lang, tz),
  tasks: (id: string, lang: string, tz: string) => csvHref(id, 'tasks', lang, tz),
  findings: (id: string, lang: string, tz: string) => csvHref(id, 'findings', lang, tz),
  plan: (id: string, lang: string, tz: string) => csvHref(id, 'improvement-plan', lang, tz),
  ics214: (id: string, agency: string) => `/incidents/${encodeURIComponent(id)}/ics214?agency=${encodeURIComponent(agency)}`,
};
