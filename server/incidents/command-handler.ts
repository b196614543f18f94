import { randomUUID } from 'node:crypto';
import type { Actor, Principal } from '../../lib/domain/actor';
import { domainError, ErrorCode } from '../../lib/domain/errors';
import { COMMAND_TYPES, IncidentCommand } from '../../lib/domain/incident/commands';
import { decide, type Decision } from '../../lib/domain/incident/decide';
import type { UnsequencedEvent } from '../../lib/domain/incident/events';
import { LIMITS } from '../../lib/domain/limits';
import { authorize } from '../../lib/domain/permissions';
import type { Ack } from '../../lib/protocol/ack';
import { CommandEnvelope, type CommandResult } from '../../lib/protocol/socket';
import type { EventStore } from '../store/types';
import { StoreUnavailableError } from '../store/types';
import { findHostileKey, hostileKeyError, schemaError } from '../validation';
import type { IncidentHub } from './hub';
import type { IncidentRegistry } from './registry';

/** How often a process re-decides after another process appended first (SPEC CONC2). */
const MAX_ATTEMPTS = 12;

/** Codes that may come from this process being behind the log, not from a real conflict. */
const MAYBE_STALE: ReadonlySet<string> = new Set([
  ErrorCode.CONFLICT,
  ErrorCode.NOT_FOUND,
  ErrorCode.INVALID_TRANSITION,
  ErrorCode.ALREADY_EXISTS,
  ErrorCode.INCIDENT_CLOSED,
  ErrorCode.BAD_REQUEST,
  ErrorCode.FORBIDDEN,
]);

export interface CommandDeps {
  registry: IncidentRegistry;
  events: EventStore;
  knownAgencies: () => Promise<ReadonlySet<string>>;
}

const fail = (code: ErrorCode, message: string, details?: Record<string, unknown>): Ack<CommandResult> => ({
  ok: false,
  error: domainError(code, message, details),
});

/**
 * The one command path (SPEC CMD1): parse → authorise → decide → append → ack.
 * Never throws: every outcome is an ack.
 */
export async function handleCommand(deps: CommandDeps, principal: Principal, raw: unknown): Promise<Ack<CommandResult>> {
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(raw) ?? '');
  } catch {
    return fail(ErrorCode.BAD_REQUEST, 'The payload is not serialisable JSON.');
  }
  if (size > LIMITS.payloadBytes)
    return fail(ErrorCode.PAYLOAD_TOO_LARGE, `The command is ${size} bytes; the limit is ${LIMITS.payloadBytes}.`);

  const hostile = findHostileKey(raw);
  if (hostile) return { ok: false, error: hostileKeyError(hostile) };
  const env = CommandEnvelope.safeParse(raw);
  if (!env.success) return { ok: false, error: schemaError(env.error) };
  const { commandId, incidentId } = env.data;
  if (!(COMMAND_TYPES as string[]).includes(env.data.command.type))
    return fail(ErrorCode.UNKNOWN_COMMAND, `Unknown command type "${env.data.command.type}".`);
  const parsed = IncidentCommand.safeParse(env.data.command);
  if (!parsed.success) return { ok: false, error: schemaError(parsed.error) };
  const cmd = parsed.data;

  try {
    const hub = await deps.registry.get(incidentId, { create: cmd.type === 'OpenIncident' });
    if (!hub) return fail(ErrorCode.NOT_FOUND, 'No such incident.');
    return await hub.exclusive(() => decideAndAppend(deps, hub, principal, commandId, cmd));
  } catch (err) {
    if (err instanceof StoreUnavailableError)
      return fail(ErrorCode.STORE_UNAVAILABLE, 'The store is unavailable; nothing was written. Try again.');
    throw err;
  }
}

async function decideAndAppend(
  deps: CommandDeps,
  hub: IncidentHub,
  principal: Principal,
  commandId: string,
  cmd: IncidentCommand,
): Promise<Ack<CommandResult>> {
  const agencies = await deps.knownAgencies();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const done = hub.commands.get(commandId);
    if (done) return duplicateAck(hub, principal, cmd, done);

    const decision = evaluate(hub, principal, cmd, agencies);
    if (!decision.ok) {
      // Before refusing, make sure we did not decide against a stale view (SPEC CONC2).
      if (MAYBE_STALE.has(decision.error.code) && (await deps.events.head(hub.id)) !== hub.seq) {
        await hub.catchUp();
        continue;
      }
      return { ok: false, error: decision.error };
    }

    const actor = writer(principal);
    const events: UnsequencedEvent[] = decision.events.map(
      (body) => ({ ...body, incidentId: hub.id, id: randomUUID(), actor, commandId }) as UnsequencedEvent,
    );
    const res = await deps.events.append(hub.id, hub.seq, commandId, events);
    switch (res.status) {
      case 'appended':
        hub.offer(res.events);
        deps.registry.adopt(hub);
        return { ok: true, seqs: res.events.map((e) => e.seq), duplicate: false };
      case 'duplicate':
        // Appended through another process meanwhile: catch up, and the fast path above answers.
        await hub.catchUp();
        continue;
      case 'stale':
        // The answer carries what we missed: apply it and decide again at once.
        hub.offer(res.missed);
        if (hub.seq < res.headSeq) await hub.catchUp();
        if (attempt >= 2) await backoff(attempt);
        continue;
    }
  }
  return fail(ErrorCode.STORE_UNAVAILABLE, 'The incident is changing too fast to decide; nothing was written. Try again.');
}

/**
 * A command id seen before (SPEC IDEM1). Only its sender learns that it was
 * applied and where; anyone else reusing the id is authorised as usual and, if
 * allowed, told the id is taken.
 */
function duplicateAck(
  hub: IncidentHub,
  principal: Principal,
  cmd: IncidentCommand,
  done: { seqs: number[]; userId: string },
): Ack<CommandResult> {
  if (principal.role !== 'display' && principal.userId === done.userId) return { ok: true, seqs: done.seqs.slice(), duplicate: true };
  const denied = authorize(principal, cmd, hub.state);
  if (denied) return { ok: false, error: denied };
  return fail(ErrorCode.ALREADY_EXISTS, 'This command id was already used for another command; send a new id.');
}

/**
 * After a few lost races, wait a little (random, growing) so two busy
 * processes stop colliding on every attempt.
 */
function backoff(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
}

/** Authorise (lib/domain/permissions.ts, incident scope included), then decide (SPEC CMD1). */
function evaluate(hub: IncidentHub, principal: Principal, cmd: IncidentCommand, agencies: ReadonlySet<string>): Decision {
  const denied = authorize(principal, cmd, hub.state);
  if (denied) return { ok: false, error: denied };
  return decide(hub.state, cmd, { knownAgencies: agencies });
}

/** The actor stamped on events. `authorize` lets no display write; this only keeps the types honest. */
function writer(principal: Principal): Actor {
  if (principal.role === 'display') throw new Error('unreachable: a display passed authorisation');
  return principal;
}
