import type { Principal } from '../../lib/domain/actor';
import { domainError, ErrorCode } from '../../lib/domain/errors';
import { COMMAND_TYPES, IncidentCommand } from '../../lib/domain/incident/commands';
import { LIMITS } from '../../lib/domain/limits';
import type { Ack } from '../../lib/protocol/ack';
import { CommandEnvelope, type CommandResult } from '../../lib/protocol/socket';
import { StoreUnavailableError } from '../store/types';
import { findHostileKey, hostileKeyError, schemaError } from '../validation';
import { Committer, type CommitDeps } from './committer';

export type CommandDeps = CommitDeps;

const fail = (code: ErrorCode, message: string, details?: Record<string, unknown>): Ack<CommandResult> => ({
  ok: false,
  error: domainError(code, message, details),
});

/**
 * The one command path (SPEC CMD1): parse → authorise → decide → append → ack.
 * Never throws: every outcome is an ack. `session`: the token hash of the sender's
 * session; the store appends the command only while that session lives (SPEC AUTH8).
 */
export async function handleCommand(deps: CommandDeps, principal: Principal, raw: unknown, session?: string): Promise<Ack<CommandResult>> {
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
    hub.committer ??= new Committer(hub, deps);
    return await hub.committer.submit(principal, commandId, cmd, session);
  } catch (err) {
    if (err instanceof StoreUnavailableError)
      return fail(ErrorCode.STORE_UNAVAILABLE, 'The store is unavailable; nothing was written. Try again.');
    throw err;
  }
}
