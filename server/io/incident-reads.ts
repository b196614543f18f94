import type { Principal } from '../../lib/domain/actor';
import { domainError, ErrorCode, type DomainError } from '../../lib/domain/errors';
import type { IncidentHub } from '../incidents/hub';
import { pageUpTo } from '../incidents/page-up-to';
import { canReadIncident } from '../../lib/domain/permissions';
import type { Ack } from '../../lib/protocol/ack';
import { FetchRequest, JoinRequest, type EventsPage } from '../../lib/protocol/socket';
import { LIMITS } from '../../lib/domain/limits';
import type { Services } from '../services';
import { findHostileKey, hostileKeyError, schemaError } from '../validation';

type PageAck = Ack<EventsPage>;

async function readable(
  services: Services,
  actor: Principal,
  incidentId: string,
): Promise<{ hub: IncidentHub; seq: number; error?: undefined } | { error: DomainError }> {
  const hub = await services.registry.get(incidentId);
  // peek, not state: only looked at here (the page sent is read from the store), so the hub's
  // next live event need not copy its tasks and messages for it (SPEC STATE2).
  const state = hub?.peek();
  if (!hub || !state) return { error: domainError(ErrorCode.NOT_FOUND, 'No such incident.') };
  if (!canReadIncident(actor, state)) return { error: notReadable(actor) };
  return { hub, seq: state.seq };
}

const notReadable = (actor: Principal): DomainError =>
  domainError(ErrorCode.FORBIDDEN, actor.role === 'display' ? 'This screen does not cover this incident.' : 'Your agency does not take part in this incident.');

/** `pageUpTo` on the hub's log: its events, and how far the hub is now. */
async function eventsUpTo(services: Services, actor: Principal, hub: IncidentHub, checkedSeq: number, from: number, limit: number): Promise<PageAck> {
  const { page: events, headSeq } = await pageUpTo(
    actor,
    checkedSeq,
    from,
    limit,
    (count) => (count > 0 ? services.store.events.read(hub.id, from, count) : Promise.resolve([])),
    () => hub.peek(),
  );
  return { ok: true, events, headSeq };
}

/**
 * Joins the room first, then reads what was missed (SPEC SYNC1): an event
 * appended in between arrives both live and in the page, and the client drops
 * the copy (SPEC SYNC2). Checked again once in the room: the reader's agency taken
 * out between the check and the join was an event whose fan-out, which takes such
 * readers out of the room, did not find this one in it yet (SPEC AUTH5): out again.
 */
export async function joinIncident(
  services: Services,
  actor: Principal,
  payload: unknown,
  join: (incidentId: string) => void | Promise<void>,
  leave: (incidentId: string) => void | Promise<void>,
  /** Whether the socket is in the incident's room (an earlier join): a failed read does not end that. */
  inRoom: (incidentId: string) => boolean = () => false,
): Promise<PageAck> {
  const hostile = findHostileKey(payload);
  if (hostile) return { ok: false, error: hostileKeyError(hostile) };
  const req = JoinRequest.safeParse(payload);
  if (!req.success) return { ok: false, error: schemaError(req.error) };
  const r = await readable(services, actor, req.data.incidentId);
  if (r.error) return { ok: false, error: r.error };
  const wasIn = inRoom(req.data.incidentId);
  await join(req.data.incidentId);
  const after = r.hub.peek();
  if (!after || !canReadIncident(actor, after)) {
    await leave(req.data.incidentId);
    return { ok: false, error: notReadable(actor) };
  }
  try {
    return await eventsUpTo(services, actor, r.hub, r.seq, req.data.sinceSeq + 1, req.data.limit ?? LIMITS.eventsPage);
  } catch (err) {
    // A join refused (the store away) leaves nothing behind: not the room, whose live events the
    // client would get unasked, nor its place among the socket's rooms (LIMITS.joinedIncidents).
    // A room the socket was in before this join (a rejoin, SYNC10) it stays in: its live events
    // go on while the feed tries its read again.
    if (!wasIn) await leave(req.data.incidentId);
    throw err;
  }
}

export async function fetchPage(services: Services, actor: Principal, payload: unknown): Promise<PageAck> {
  const hostile = findHostileKey(payload);
  if (hostile) return { ok: false, error: hostileKeyError(hostile) };
  const req = FetchRequest.safeParse(payload);
  if (!req.success) return { ok: false, error: schemaError(req.error) };
  const r = await readable(services, actor, req.data.incidentId);
  if (r.error) return { ok: false, error: r.error };
  return eventsUpTo(services, actor, r.hub, r.seq, req.data.fromSeq, req.data.limit);
}
