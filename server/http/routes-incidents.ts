import { ErrorCode } from '../../lib/domain/errors';
import { summarize } from '../../lib/domain/incident/summary';
import { canReadIncident } from '../../lib/domain/permissions';
import { EventsQuery } from '../../lib/protocol/http';
import { toActor } from '../auth/sessions';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import type { Route, RouteContext } from './router';

async function readableHub({ services, auth, params }: RouteContext) {
  const hub = await services.registry.get(params.id);
  if (!hub?.state) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such incident.');
  if (!canReadIncident(toActor(auth.account), hub.state))
    throw HttpError.of(ErrorCode.FORBIDDEN, 'Your agency does not take part in this incident.');
  return hub;
}

export const incidentRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/incidents',
    async handle({ services, auth }) {
      const actor = toActor(auth.account);
      const ids = await services.store.events.listIncidentIds();
      const hubs = await Promise.all(ids.map((id) => services.registry.get(id)));
      const incidents = hubs
        .filter((h) => h?.state && canReadIncident(actor, h.state))
        .map((h) => summarize(h!.state!))
        .sort((a, b) => b.openedAt - a.openedAt);
      return { body: { incidents } };
    },
  },
  {
    method: 'GET',
    path: '/api/incidents/:id',
    async handle(ctx) {
      const hub = await readableHub(ctx);
      return { body: { incident: summarize(hub.state!) } };
    },
  },
  {
    method: 'GET',
    path: '/api/incidents/:id/events',
    async handle(ctx) {
      const hub = await readableHub(ctx);
      const q = parseOrThrow(EventsQuery, Object.fromEntries(ctx.query));
      const events = await ctx.services.store.events.read(hub.id, q.from, q.limit);
      return { body: { events, headSeq: hub.seq } };
    },
  },
];
