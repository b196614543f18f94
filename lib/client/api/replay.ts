import { z } from 'zod';
import type { IncidentEvent } from '../../domain/incident/events';
import type { IncidentState } from '../../domain/incident/state';
import type { ReplayIndex, ReplayMomentAnswer } from '../../protocol/replay';
import { EventsText, type HeldChunk } from '../replay/events-text';
import { repeats } from '../share-repeats';
import { ApiError } from './api-error';
import { fetchJson, parseJson } from './fetch-json';

/**
 * A column of the index, checked in place: z.array(z.number()) copies the array and checks
 * each element through zod, 10–25 ms for the three columns of a 100,000-event incident.
 */
const Numbers = z.custom<number[]>(
  (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'number') return false;
    return true;
  },
  { message: 'expected an array of numbers' },
);

// The server builds both from its own folded log; the client checks the envelope and the columns.
const IndexResponse = z.looseObject({
  ok: z.literal(true),
  incidentId: z.string(),
  headSeq: z.number().int().min(0),
  from: z.number().int().min(0),
  checkpointEvery: z.number().int().min(1),
  firstTs: z.number(),
  lastTs: z.number(),
  ticks: z.object({
    agencies: z.array(z.string()),
    types: z.array(z.string()),
    dt: Numbers,
    agency: Numbers,
    type: Numbers,
  }),
});

/**
 * Events as the server sent them, checked for their seq and type only: a per-event zod
 * object would copy each of a chunk's 1,000 events (about 4 ms a chunk, more than parsing it).
 */
const Events = z.custom<Array<{ seq: number; type: string }>>(
  (v) => Array.isArray(v) && v.every((e: unknown) => typeof e === 'object' && e !== null && typeof (e as { seq?: unknown }).seq === 'number' && typeof (e as { type?: unknown }).type === 'string'),
  { message: 'expected events, each with a numeric seq and a type' },
);

/** A page of events kept as its text (fetchJson's `tail`), with the number of events it holds. */
const EventsTail = { eventCount: z.number().int().min(0), events: z.string() };

/**
 * Parses a page kept as text (EventsText), when a moment needs it: checked as `Events`, and for
 * the number of events the answer said it holds. A bad page throws BAD_RESPONSE, as a bad answer
 * does.
 */
export function readEvents(text: string, count: number): IncidentEvent[] {
  const checked = Events.safeParse(parseJson(text));
  if (!checked.success) throw new ApiError(200, 'BAD_RESPONSE', z.prettifyError(checked.error));
  if (checked.data.length !== count) throw new ApiError(200, 'BAD_RESPONSE', `expected ${count} events, got ${checked.data.length}`);
  return repeats.share(checked.data as unknown as IncidentEvent[]);
}

const eventsText = (r: { eventCount: number; events: string }) => new EventsText(r.events, r.eventCount, readEvents);

const ChunkResponse = z.looseObject({
  ok: z.literal(true),
  incidentId: z.string(),
  at: z.number().int().min(0),
  state: z.looseObject({ id: z.string(), seq: z.number() }).nullable(),
  messagesOmitted: z.number().int().min(0),
  ...EventsTail,
  headSeq: z.number().int().min(0),
  tasksFrom: z.number().int().min(1).optional(),
});

const base = (incidentId: string) => `/api/incidents/${encodeURIComponent(incidentId)}/replay`;

/** The index's URL (no `from`), as the page asks for it: also what its HTML preloads. */
export const replayIndexPath = (incidentId: string) => base(incidentId);

/** A chunk's URL with no base, as the page first asks for it: also what its HTML preloads. */
export const replayChunkPath = (incidentId: string, at: number | 'head') => `${base(incidentId)}/chunk?at=${at}`;

/** GET /api/incidents/:id/replay[?from=N]: head, span and the ticks of every event (or of those after N). */
export async function getReplayIndex(incidentId: string, from?: number): Promise<ReplayIndex> {
  const q = from === undefined ? '' : `?from=${from}`;
  return (await fetchJson(`${replayIndexPath(incidentId)}${q}`, { schema: IndexResponse })) as unknown as ReplayIndex;
}

/**
 * The index held, extended by what is new since it (`next` asked with from =
 * held.headSeq): the columns appended; the agencies list only ever grows, so
 * the indices into it stay valid. Null when `next` does not continue `held`.
 */
export function extendReplayIndex(held: ReplayIndex, next: ReplayIndex): ReplayIndex | null {
  if (next.incidentId !== held.incidentId || next.from !== held.headSeq || next.checkpointEvery !== held.checkpointEvery) return null;
  if (next.ticks.dt.length === 0) return held;
  return {
    ...next,
    from: held.from,
    firstTs: held.firstTs,
    ticks: {
      ...next.ticks,
      dt: held.ticks.dt.concat(next.ticks.dt),
      agency: held.ticks.agency.concat(next.ticks.agency),
      type: held.ticks.type.concat(next.ticks.type),
    },
  };
}

/**
 * GET /api/incidents/:id/replay/chunk?at=C[&base=B]: the state at checkpoint C and events
 * C+1..C+K (kept as text until a moment needs them: EventsText); with B, only the tasks that
 * differ from checkpoint B's (`tasksFrom`). With C = 'head', the chunk of the checkpoint at or
 * below the head (its `at` says which).
 */
export async function getReplayChunk(
  incidentId: string,
  at: number | 'head',
  tasksBase?: number,
  beforeParse?: () => Promise<void>,
  beforeBody?: () => Promise<void>,
): Promise<HeldChunk> {
  const q = tasksBase === undefined ? '' : `&base=${tasksBase}`;
  const { eventCount, events, eventsLength, ...r } = await fetchJson(`${replayChunkPath(incidentId, at)}${q}`, { schema: ChunkResponse, beforeParse, beforeBody, tail: 'events' });
  const state = r.state as unknown as IncidentState | null;
  if (Array.isArray(state?.messages)) repeats.share(state.messages);
  return { ...r, state, events: eventsText({ eventCount, events }) } as HeldChunk;
}

const MomentResponse = z.looseObject({
  ok: z.literal(true),
  incidentId: z.string(),
  seq: z.number().int().min(1),
  state: z.looseObject({ id: z.string(), seq: z.number() }),
  messagesOmitted: z.number().int().min(0),
  events: Events,
  headSeq: z.number().int().min(0),
  tasksFrom: z.number().int().min(1).optional(),
});

/**
 * GET /api/incidents/:id/replay/moment?seq=S[&base=B]: the state after event S (its newest
 * messages) and the newest events up to it; with B, only the tasks that differ from checkpoint
 * B's (`tasksFrom`).
 */
export async function getReplayMoment(incidentId: string, seq: number, tasksBase?: number): Promise<ReplayMomentAnswer> {
  const q = tasksBase === undefined ? '' : `&base=${tasksBase}`;
  const r = await fetchJson(`${base(incidentId)}/moment?seq=${seq}${q}`, { schema: MomentResponse });
  const state = r.state as unknown as IncidentState;
  if (Array.isArray(state.messages)) repeats.share(state.messages);
  return { ...r, state, events: repeats.share(r.events as unknown as IncidentEvent[]) } as ReplayMomentAnswer;
}

const EventsResponse = z.looseObject({
  ok: z.literal(true),
  ...EventsTail,
  headSeq: z.number().int().min(0),
});

/**
 * GET /api/incidents/:id/events?from=&limit=: a page of the log (≤ 1000 events), kept as text
 * until a moment needs it (EventsText). `beforeParse`, `beforeBody`: see fetchJson.
 */
export async function getEventsPage(
  incidentId: string,
  from: number,
  limit: number,
  beforeParse?: () => Promise<void>,
  beforeBody?: () => Promise<void>,
): Promise<{ events: EventsText; headSeq: number }> {
  const r = await fetchJson(`/api/incidents/${encodeURIComponent(incidentId)}/events?from=${from}&limit=${limit}`, { schema: EventsResponse, beforeParse, beforeBody, tail: 'events' });
  return { events: eventsText(r), headSeq: r.headSeq };
}
