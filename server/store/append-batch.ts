import type { AppendCommand } from './types';

/**
 * Checks a batch of commands for EventStore.appendBatch and encodes each event
 * as JSON (the stores splice seq and ts in front). Shared by both stores; it
 * imports neither, so Redis deployments never load better-sqlite3.
 */
export function checkBatch(
  incidentId: string,
  expectedSeq: number,
  commands: ReadonlyArray<AppendCommand>,
  /** A backdated ts (AppendOptions), checked here. */
  ts?: number,
): Array<{ commandId: string; bodies: string[]; session?: string }> {
  if (!Number.isSafeInteger(expectedSeq) || expectedSeq < 0) {
    throw new TypeError(`append: expectedSeq must be a non-negative integer, got ${expectedSeq}`);
  }
  if (ts !== undefined && (!Number.isSafeInteger(ts) || ts < 0)) {
    throw new TypeError(`append: ts must be a non-negative integer, got ${ts}`);
  }
  if (commands.length === 0) throw new TypeError('append: at least one command');
  const ids = new Set<string>();
  return commands.map(({ commandId, events, session }) => {
    if (ids.has(commandId)) throw new TypeError(`append: command ${commandId} twice in one batch`);
    ids.add(commandId);
    if (events.length === 0) throw new TypeError('append: a command appends at least one event');
    const bodies = events.map((event) => {
      if (event.incidentId !== incidentId || event.commandId !== commandId) {
        throw new TypeError(`append: event ${event.id} belongs to another incident or command`);
      }
      if ('seq' in event || 'ts' in event) throw new TypeError('append: seq and ts are assigned by the store');
      return JSON.stringify(event);
    });
    if (session !== undefined && (typeof session !== 'string' || session.length === 0 || session.length > 200))
      throw new TypeError(`append: command ${commandId} has a malformed session`);
    return { commandId, bodies, ...(session === undefined ? {} : { session }) };
  });
}
