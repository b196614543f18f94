import { ErrorCode } from '../../lib/domain/errors';
import type { IncidentSummary } from '../../lib/domain/incident/summary';
import type { Actor, Principal } from '../../lib/domain/actor';
import { authorizeReview, canReadIncident, type ReviewAction } from '../../lib/domain/permissions';
import { EventsQuery } from '../../lib/protocol/http';
import { pageUpTo } from '../incidents/page-up-to';
import type { Services } from '../services';
import { eventsLast } from './event-pages';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import type { Route, RouteContext } from './router';

/** The incident's hub if this principal may read it; typed NOT_FOUND / FORBIDDEN otherwise. */
export async function readableHub({ services, principal, params }: RouteContext) {
  const hub = await services.registry.get(params.id);
  // peek: a look that is not kept, so the hub's next live event need not copy its containers (SPEC STATE2).
  checkReadable(principal, hub?.peek() ?? null);
  return hub!;
}

/** Typed NOT_FOUND when the incident (its state or list row) is missing, FORBIDDEN when this principal may not read it. */
function checkReadable<T extends Parameters<typeof canReadIncident>[1]>(principal: Principal, incident: T | null | undefined): asserts incident is T {
  if (!incident) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such incident.');
  if (!canReadIncident(principal, incident))
    throw HttpError.of(
      ErrorCode.FORBIDDEN,
      principal.role === 'display' ? 'This screen does not cover this incident.' : 'Your agency does not take part in this incident.',
    );
}

/** Replay, metrics: accounts that may read the incident (SPEC REV4); a wall screen shows the present only. */
export async function accountReadableHub(ctx: RouteContext) {
  refuseDisplay(ctx.principal);
  return readableHub(ctx);
}

function refuseDisplay(principal: Principal): void {
  if (principal.role === 'display') throw HttpError.of(ErrorCode.FORBIDDEN, 'A wall screen shows the present only.');
}

/**
 * `accountReadableHub` for what needs only the incident's list row (its seq and who may
 * read it): replay (SPEC REV6). An incident not held here is not loaded for it.
 */
export async function accountReadableSummary(ctx: RouteContext): Promise<IncidentSummary> {
  refuseDisplay(ctx.principal);
  return readableSummary(ctx);
}

/** The incident's list row, when this principal may read it (as `readableHub`, without loading the incident). */
async function readableSummary({ services, principal, params }: RouteContext): Promise<IncidentSummary> {
  const row = await services.registry.summary(params.id);
  checkReadable(principal, row);
  return row;
}

/** Authorisation first (SPEC CMD1, REV4): a refused principal learns nothing else and nothing is written. */
export function authorizeReviewOrThrow(principal: Principal, action: ReviewAction): Actor {
  const denied = authorizeReview(principal, action);
  if (denied) throw new HttpError(denied);
  return principal as Actor;
}

/** The incidents this principal may read, newest first (SPEC AUTH5–AUTH7). */
async function readableSummaries(services: Services, principal: Principal): Promise<IncidentSummary[]> {
  const ids =
    principal.role === 'display' && principal.scope.kind === 'incident'
      ? [principal.scope.incidentId]
      : await services.store.events.listIncidentIds();
  // Summaries, not hubs: an incident nobody follows here is not loaded again for its row (SPEC OPS5).
  const rows = await Promise.all(ids.map((id) => services.registry.summary(id)));
  return rows.filter((r): r is IncidentSummary => r !== null && canReadIncident(principal, r)).sort((a, b) => b.openedAt - a.openedAt);
}

/** Read routes: accounts, and displays for the incidents their token covers. */
export const incidentRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/incidents',
    access: 'reader',
    async handle({ services, principal }) {
      return { body: { incidents: await readableSummaries(services, principal) } };
    },
  },
  {
    method: 'GET',
    path: '/api/display/incidents',
    access: 'display',
    async handle({ services, principal }) {
      if (principal.role !== 'display') throw HttpError.of(ErrorCode.FORBIDDEN, 'Only a display token reads this.');
      const display = { id: principal.displayId, name: principal.name, scope: principal.scope };
      return { body: { display, incidents: await readableSummaries(services, principal) } };
    },
  },
  {
    method: 'GET',
    path: '/api/incidents/:id',
    access: 'reader',
    async handle(ctx) {
      const hub = await readableHub(ctx);
      // The registry's row, made once per seq (not `hub.state`, whose read makes the next live event copy).
      return { body: { incident: ctx.services.registry.rowOf(hub)! } };
    },
  },
  {
    method: 'GET',
    path: '/api/incidents/:id/events',
    access: 'reader',
    async handle(ctx) {
      // The list row, not the hub: a replay's background fill reads the whole log a page at a
      // time, and loading the incident for it (its whole log folded) held the process for a second
      // per 100,000 events (SPEC REV6).
      const row = await readableSummary(ctx);
      const q = parseOrThrow(EventsQuery, Object.fromEntries(ctx.query));
      // Sent as stored: the log has no gaps (SEQ1), so the page is seq max(1, from) onwards, and it
      // stops at the row's seq, the one who may read it was checked at (SPEC AUTH5: the store may
      // hold events after another process took this reader's agency out): the next read goes on.
      // As join and fetch (`pageUpTo`), but with no hub to say how far the process is now: headSeq
      // is the row's seq.
      const first = Math.max(1, q.from);
      const { page, headSeq } = await pageUpTo(ctx.principal, row.seq, first, q.limit, (count) => ctx.services.eventPages.read(row.id, first, count));
      const events = eventsLast(page);
      return { body: { ...events.first, headSeq }, raw: events.last };
    },
  },
];
