import { randomUUID } from 'node:crypto';
import type { Actor } from '../../lib/domain/actor';
import { domainError, ErrorCode } from '../../lib/domain/errors';
import { COMMAND_TYPES, IncidentCommand } from '../../lib/domain/incident/commands';
import { decide, type Decision } from '../../lib/domain/incident/decide';
import type { UnsequencedEvent } from '../../lib/domain/incident/events';
import { LIMITS } from '../../lib/domain/limits';
import { authorize, canReadIncident } from '../../lib/domain/permissions';
import type { Ack } from '../../lib/protocol/ack';
import { CommandEnvelope, type CommandResult } from '../../lib/protocol/socket';
import type { EventStore } from '../store/types';
import { StoreUnavailableError } from '../store/types';
import { findHostileKey, zodMessage } from '../validation';
import type { IncidentHub } from './hub';
import type { IncidentRegistry } from './registry';

/** How often a process re-decides after another process appended first (SPEC CONC2). */
const MAX_ATTEMPTS = 5;

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
export async function handleCommand(deps: CommandDeps, actor: Actor, raw: unknown): Promise<Ack<CommandResult>> {
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(raw) ?? '');
  } catch {
    return fail(ErrorCode.BAD_REQUEST, 'The payload is not serialisable JSON.');
  }
  if (size > LIMITS.payloadBytes)
    return fail(ErrorCode.PAYLOAD_TOO_LARGE, `The command is ${size} bytes; the limit is ${LIMITS.payloadBytes}.`);

  const hostile = findHostileKey(raw);
  if (hostile) return fail(ErrorCode.BAD_REQUEST, `The key "${hostile}" is not allowed.`);
  const env = CommandEnvelope.safeParse(raw);
  if (!env.success) return fail(ErrorCode.BAD_REQUEST, zodMessage(env.error));
  const { commandId, incidentId } = env.data;
  if (!(COMMAND_TYPES as string[]).includes(env.data.command.type))
    return fail(ErrorCode.UNKNOWN_COMMAND, `Unknown command type "${env.data.command.type}".`);
  const parsed = IncidentCommand.safeParse(env.data.command);
  if (!parsed.success) return fail(ErrorCode.BAD_REQUEST, zodMessage(parsed.error));
  const cmd = parsed.data;

  try {
    const hub = await deps.registry.get(incidentId, { create: cmd.type === 'OpenIncident' });
    if (!hub) return fail(ErrorCode.NOT_FOUND, 'No such incident.');
    return await hub.exclusive(() => decideAndAppend(deps, hub, actor, commandId, cmd));
  } catch (err) {
    if (err instanceof StoreUnavailableError)
      return fail(ErrorCode.STORE_UNAVAILABLE, 'The store is unavailable; nothing was written. Try again.');
    throw err;
  }
}

async function decideAndAppend(
  deps: CommandDeps,
  hub: IncidentHub,
  actor: Actor,
  commandId: string,
  cmd: IncidentCommand,
): Promise<Ack<CommandResult>> {
  const agencies = await deps.knownAgencies();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const done = hub.commands.get(commandId);
    if (done) return { ok: true, seqs: done.slice(), duplicate: true };

    const decision = evaluate(hub, actor, cmd, agencies);
    if (!decision.ok) {
      // Before refusing, make sure we did not decide against a stale view (SPEC CONC2).
      if (MAYBE_STALE.has(decision.error.code) && (await deps.events.head(hub.id)) !== hub.seq) {
        await hub.catchUp();
        continue;
      }
      return { ok: false, error: decision.error };
    }

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
        return { ok: true, seqs: res.seqs, duplicate: true };
      case 'stale':
        await hub.catchUp();
        continue;
    }
  }
  return fail(ErrorCode.STORE_UNAVAILABLE, 'The incident is changing too fast to decide; nothing was written. Try again.');
}

/** Authorise, then decide (SPEC CMD1). */
function evaluate(hub: IncidentHub, actor: Actor, cmd: IncidentCommand, agencies: ReadonlySet<string>): Decision {
  if (hub.state && !canReadIncident(actor, hub.state))
    return { ok: false, error: domainError(ErrorCode.FORBIDDEN, 'Your agency does not take part in this incident.') };
  const denied = authorize(actor, cmd, hub.state);
  if (denied) return { ok: false, error: denied };
  return decide(hub.state, cmd, { knownAgencies: agencies });
}
