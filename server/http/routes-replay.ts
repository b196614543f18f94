import { ErrorCode } from '../../lib/domain/errors';
import { checkpointOf, ReplayChunkQuery, ReplayIndexQuery, ReplayMomentQuery } from '../../lib/protocol/replay';
import { eventsLast } from './event-pages';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import { accountReadableSummary } from './routes-incidents';
import type { Route } from './router';

/**
 * Replay (SPEC REV1): checkpoints kept by the server, read a chunk at a time. The incident's
 * list row says who may read it and its head (SPEC REV6): a replay does not load its hub.
 * Authorisation first (SPEC REV4): who may not read the incident (a display, an agency not taking
 * part) gets FORBIDDEN, and an unknown incident NOT_FOUND, whatever the query; then the query.
 */
export const replayRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/incidents/:id/replay',
    access: 'reader',
    async handle(ctx) {
      const row = await accountReadableSummary(ctx);
      const q = parseOrThrow(ReplayIndexQuery, Object.fromEntries(ctx.query));
      return { body: { ...(await ctx.services.checkpoints.index(row.id, row.seq, q.from ?? 0)) } };
    },
  },
  {
    method: 'GET',
    path: '/api/incidents/:id/replay/chunk',
    access: 'reader',
    async handle(ctx) {
      const row = await accountReadableSummary(ctx);
      const q = parseOrThrow(ReplayChunkQuery, Object.fromEntries(ctx.query));
      const cache = ctx.services.checkpoints;
      const at = q.at === 'head' ? checkpointOf(row.seq, cache.every) : q.at;
      if (at % cache.every !== 0)
        throw HttpError.of(ErrorCode.BAD_REQUEST, `at must be a checkpoint: a multiple of ${cache.every}, or head.`);
      checkAgainstHead(cache.every, row.seq, at, q.base);
      const pages = ctx.services.eventPages;
      const events = eventsLast(await pages.read(row.id, at + 1, cache.chunkEvents(at, row.seq)));
      if (q.base === undefined || at === 0) {
        // No base (the head's chunk, a linked moment's): the state's bytes as kept, or as stored.
        const state = await pages.checkpointState(row.id, at, () => cache.checkpointJson(row.id, at, row.seq));
        return { body: { ...events.first, ...(await cache.chunkHead(row.id, at, row.seq)) }, raw: [{ key: 'state', bytes: state }, events.last] };
      }
      const chunk = await cache.chunkState(row.id, at, row.seq, q.base);
      return { body: { ...events.first, ...chunk }, raw: events.last };
    },
  },
  {
    method: 'GET',
    path: '/api/incidents/:id/replay/moment',
    access: 'reader',
    async handle(ctx) {
      const row = await accountReadableSummary(ctx);
      const q = parseOrThrow(ReplayMomentQuery, Object.fromEntries(ctx.query));
      const cache = ctx.services.checkpoints;
      checkAgainstHead(cache.every, row.seq, q.seq, q.base);
      return withStoredEvents(await cache.momentJson(row.id, q.seq, row.seq, q.base));
    },
  },
];

/**
 * A chunk's or moment's query against the incident: `base` (a checkpoint the client holds) must
 * be a multiple of K (BAD_REQUEST), and neither it nor the seq asked for may be past the head
 * (NOT_FOUND).
 */
function checkAgainstHead(every: number, head: number, seq: number, base: number | undefined): void {
  if (base !== undefined && base % every !== 0) throw HttpError.of(ErrorCode.BAD_REQUEST, `base must be a checkpoint: a multiple of ${every}.`);
  for (const c of [seq, base ?? 0]) if (c > head) throw HttpError.of(ErrorCode.NOT_FOUND, `No event or checkpoint ${c}: the incident is at ${head}.`);
}

/** A moment's answer: its events sent as the store's JSON texts, spliced in as they are (sendJson). */
function withStoredEvents<T extends object>({ eventsJson, ...rest }: T & { eventsJson: string[] }) {
  return { body: rest, raw: { key: 'events', items: eventsJson } };
}
