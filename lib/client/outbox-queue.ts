import { z } from 'zod';
import { ROLES, type Role } from '../domain/actor';
import { domainError, ErrorCode, isTransient, type DomainError } from '../domain/errors';
import type { IncidentCommandInput } from '../domain/incident/commands';
import type { Ack } from '../protocol/ack';
import type { CommandResult } from '../protocol/socket';

/**
 * The pure part of the client outbox (SPEC SYNC4, IDEM2): which entry goes
 * next, what an ack means for an entry, and how the entries after an applied
 * one follow it. No I/O here; lib/client/outbox.ts drives it.
 */

/**
 * pending: waits to be sent; sending: on the wire; conflict/failed: refused, waits for the person;
 * applied: acknowledged, gone from the store, kept in memory a little while so that a board still
 * catching up to it goes on showing it as pending (`onBoard`).
 */
export type OutboxEntryState = 'pending' | 'sending' | 'conflict' | 'failed' | 'applied';

/**
 * Who an entry was made as: the role and agency the server authorises a command by, and records
 * as its sender (an admin's change of either ends the session, SPEC AUTH8).
 */
export interface MadeAs {
  role: Role;
  agency: string | null;
}

export interface OutboxEntry {
  /** The command id (SPEC IDEM1): every retry of this entry reuses it. */
  commandId: string;
  accountId: string;
  incidentId: string;
  command: IncidentCommandInput;
  /**
   * Who the person was when they made it (SPEC SYNC11). Absent on entries stored by an older page:
   * they count as made as the person is now.
   */
  madeAs?: MadeAs;
  /** When the person made the change (ms). */
  queuedAt: number;
  /** Position in the account's queue: entries are sent in this order. */
  order: number;
  state: OutboxEntryState;
  /** Why the server refused it (conflict/failed). */
  error?: DomainError;
  /** applied: the last seq it appended, and when its ack came (ms). */
  appliedSeq?: number;
  appliedAt?: number;
  /**
   * sending: when this tab began to send it (ms); its retries within that send (an ack lost, the
   * server asking to come back later) keep it. This tab's, never stored.
   */
  sentAt?: number;
}

/**
 * The entries of one incident as its board shows them at `seq`: an applied one whose event the
 * board has not folded yet (its feed still catching up after a reconnect) is still pending there,
 * so the change never disappears in between; one the board has folded is gone (SPEC SYNC4).
 */
export function onBoard(entries: readonly OutboxEntry[], seq: number): readonly OutboxEntry[] {
  if (!entries.some((e) => e.state === 'applied')) return entries;
  return entries.flatMap((e) => (e.state !== 'applied' ? [e] : (e.appliedSeq ?? 0) > seq ? [{ ...e, state: 'sending' as const }] : []));
}

/**
 * Whether a close of the incident is waiting among these entries (as `onBoard` gives them): queued,
 * or on its way (sent and not answered, or applied and not yet on the board). While not live such a
 * close is the incident's last change: whatever is made after it would be refused INCIDENT_CLOSED
 * once it is through (SPEC SYNC4, INC2).
 */
export function closeWaiting(entries: readonly OutboxEntry[], incidentId: string): boolean {
  return entries.some(
    (e) => e.incidentId === incidentId && (e.state === 'pending' || e.state === 'sending') && e.command.type === 'ChangePhase' && e.command.phase === 'closed',
  );
}

/**
 * Errors after which the same command id is simply sent again later: nothing was decided.
 * INTERNAL is transient for a connection, but a change that keeps hitting a bug would loop
 * for ever in the outbox: it goes to the person instead. A BAD_RESPONSE ack (SPEC SYNC10) does not
 * say whether the command was applied: only the same command id may be sent again, never the new
 * one of "apply mine anyway", so it waits in the outbox for an answer that can be read.
 */
const retryLater = (code: string) => (isTransient(code) && code !== ErrorCode.INTERNAL) || code === ErrorCode.BAD_RESPONSE;

export type AckOutcome =
  /** Applied (or applied before: duplicate): the entry leaves the outbox. */
  | { kind: 'done' }
  /** Nothing was decided: keep the entry, send it again with the same id. */
  | { kind: 'retry' }
  /**
   * The session has ended (UNAUTHENTICATED: signed out elsewhere, revoked, expired): nothing was
   * decided about the change, and sending it again before the person signs in again is pointless.
   * Keep it waiting; it goes out on the account's next connection.
   */
  | { kind: 'hold' }
  /** Refused: the entry stays until the person decides. */
  | { kind: 'conflict' | 'failed'; error: DomainError };

export function classifyAck(ack: Ack<CommandResult>): AckOutcome {
  if (ack.ok) return { kind: 'done' };
  if (retryLater(ack.error.code)) return { kind: 'retry' };
  if (ack.error.code === ErrorCode.UNAUTHENTICATED) return { kind: 'hold' };
  return { kind: ack.error.code === ErrorCode.CONFLICT ? 'conflict' : 'failed', error: ack.error };
}

export function byOrder(a: OutboxEntry, b: OutboxEntry): number {
  return a.order - b.order || a.commandId.localeCompare(b.commandId);
}

/** The next entry to send: the oldest one still waiting to be sent. Refused ones do not hold up the rest. */
export function nextToSend(entries: readonly OutboxEntry[]): OutboxEntry | null {
  return [...entries].filter((e) => e.state === 'pending' || e.state === 'sending').sort(byOrder)[0] ?? null;
}

/** Entries not yet applied (what the indicator counts as pending). */
export function waiting(entries: readonly OutboxEntry[]): OutboxEntry[] {
  return entries.filter((e) => e.state === 'pending' || e.state === 'sending').sort(byOrder);
}

/** The task a command is about, if it is about one. */
export function commandTaskId(command: IncidentCommandInput): string | null {
  return 'taskId' in command && typeof command.taskId === 'string' ? command.taskId : null;
}

/**
 * The connection indicator's count of waiting entries (SPEC SYNC4), told apart by incident. On the
 * page of incident `here`, `elsewhere` of them belong to other incidents (`elsewhereIncidents` of
 * them), the oldest in `elsewhereIn`: that board shows them, where the indicator leads. Off an
 * incident page (`here` null) nothing is told apart: `elsewhere` is 0. `onlyIn`: the incident of
 * every waiting entry when they all belong to one (null when none wait, or several incidents).
 */
export interface PendingCounts {
  pending: number;
  elsewhere: number;
  elsewhereIncidents: number;
  elsewhereIn: string | null;
  onlyIn: string | null;
}

export function pendingCounts(entries: readonly OutboxEntry[], here: string | null): PendingCounts {
  const all = waiting(entries);
  const others = here === null ? [] : all.filter((e) => e.incidentId !== here);
  const incidents = new Set(all.map((e) => e.incidentId));
  return {
    pending: all.length,
    elsewhere: others.length,
    elsewhereIncidents: new Set(others.map((e) => e.incidentId)).size,
    elsewhereIn: others[0]?.incidentId ?? null,
    onlyIn: incidents.size === 1 ? all[0].incidentId : null,
  };
}

/**
 * Since when this tab has been sending the entry it is sending (SPEC SYNC3): null when it sends
 * nothing. Over a connection that still says it is up, seconds without it going through mean the
 * network dropped without a word (long before the heartbeat finds it out) or the server asked to
 * be asked again later.
 */
export function unansweredSince(entries: readonly OutboxEntry[]): number | null {
  let since: number | null = null;
  for (const e of entries) if (e.state === 'sending' && e.sentAt !== undefined && (since === null || e.sentAt < since)) since = e.sentAt;
  return since;
}

/**
 * A refused entry that may pass if the same entry is sent again: INTERNAL (a fault on the server's
 * side; nothing was written), which the outbox does not retry by itself (`retryLater`), or one held
 * back unsent because it was made as another role or agency (`heldMadeAs`: "send as I am now").
 * The person may "send again", with the same command id (SPEC IDEM1). The other transient answers
 * and BAD_RESPONSE are retried by the outbox and never refused.
 */
export function mayPassAgain(entry: OutboxEntry): boolean {
  return entry.state === 'failed' && (isTransient(entry.error?.code) || heldMadeAs(entry) !== null);
}

const sameMadeAs = (a: MadeAs, b: MadeAs) => a.role === b.role && (a.agency ?? null) === (b.agency ?? null);
const madeAsLabel = (m: MadeAs) => `${m.role.charAt(0).toUpperCase()}${m.role.slice(1)} · ${m.agency ?? 'no agency'}`;

/**
 * Before an entry is sent (SPEC SYNC11): the refusal, kept for the person's decision, of an entry
 * made as another role or agency than the person is `now` (an admin changed them while it waited;
 * they signed in again). Sent, it would be applied and recorded under the new one without asking.
 * The browser's own FORBIDDEN, never sent, with `details.madeAs` (and `details.now`). null: send
 * it. An entry with no `madeAs` (stored by an older page) counts as made as the person is now.
 */
export function madeAsOther(entry: OutboxEntry, now: MadeAs): DomainError | null {
  // Read from IndexedDB, so maybe written by another version: one of no known shape counts as none.
  const made = entry.madeAs === undefined ? null : MadeAsSchema.safeParse(entry.madeAs);
  if (!made?.success || sameMadeAs(made.data, now)) return null;
  return domainError(ErrorCode.FORBIDDEN, `Made as ${madeAsLabel(made.data)}; you are now ${madeAsLabel(now)}. Not sent.`, {
    madeAs: made.data,
    now,
  });
}

/** A `madeAs` as stored (IndexedDB) or carried in a held entry's error: read, never trusted. */
const MadeAsSchema = z.object({ role: z.enum(ROLES), agency: z.string().nullable() });

/**
 * Who a refused entry was made as, when that is why it was refused (`madeAsOther`: it was never
 * sent, and may be sent as the person is now); null for any other entry.
 */
export function heldMadeAs(entry: OutboxEntry): MadeAs | null {
  if (entry.state !== 'failed' || entry.error?.code !== ErrorCode.FORBIDDEN) return null;
  const m = MadeAsSchema.safeParse(entry.error.details?.madeAs);
  return m.success ? m.data : null;
}

/** Entries the server refused: they wait for the person's decision. */
export function refused(entries: readonly OutboxEntry[]): OutboxEntry[] {
  return entries.filter((e) => e.state === 'conflict' || e.state === 'failed').sort(byOrder);
}

/** The order number for a new entry: after everything already queued. */
export function nextOrder(entries: readonly OutboxEntry[], now: number): number {
  return Math.max(now, ...entries.map((e) => e.order + 1));
}

/** What an edit is versioned against (SPEC CONC1): one task, or the incident itself; null for commands without a version. */
export function versionTarget(command: IncidentCommandInput): string | null {
  switch (command.type) {
    case 'EditTask':
    case 'ReassignTask':
    case 'ChangeTaskStatus':
      return `task:${command.taskId}`;
    case 'UpdateIncident':
    case 'ChangePhase':
    case 'ChangeSeverity':
      return 'incident';
    default:
      return null;
  }
}

function expectedVersion(command: IncidentCommandInput): number | null {
  return 'expectedVersion' in command && typeof command.expectedVersion === 'number' ? command.expectedVersion : null;
}

/**
 * After `applied` was acknowledged with `seqs`, the person's later edits of the
 * same task (or of the incident) that were made on top of the same version are
 * made on top of this one: their expectedVersion moves to the new version (the
 * last seq the command appended). Without this, two changes to one task made
 * offline would conflict with each other. An edit someone else made meanwhile
 * still conflicts: the rebased version is the one this person's own change
 * produced, nothing later. Returns the entries that changed.
 */
export function rebaseAfter(applied: OutboxEntry, seqs: readonly number[], entries: readonly OutboxEntry[]): OutboxEntry[] {
  if (seqs.length === 0) return [];
  const version = Math.max(...seqs);
  return entries.filter((e) => (e.state === 'pending' || e.state === 'sending') && madeOnSameVersion(applied, e)).map((e) => ({ ...e, command: withVersion(e.command, version) }));
}

/**
 * `next` moved onto the versions that the person's edits this page holds as applied produced, of
 * the same task (or of the incident), where it was made on the version they were made on: an edit
 * made after its earlier one was acknowledged but before the board folded it (a reconnect's
 * catch-up still under way shows the earlier one waiting), which rebaseAfter, run at the ack, did
 * not see. An edit someone else made meanwhile still conflicts, as there.
 */
export function rebasedOnApplied(next: OutboxEntry, entries: readonly OutboxEntry[]): OutboxEntry {
  let out = next;
  for (const a of [...entries].sort(byOrder))
    if (a.state === 'applied' && a.appliedSeq && madeOnSameVersion(a, out)) out = { ...out, command: withVersion(out.command, a.appliedSeq) };
  return out;
}

/** Whether `later`, made after `earlier`, edits what it edited on the version it was made on. */
function madeOnSameVersion(earlier: OutboxEntry, later: OutboxEntry): boolean {
  const target = versionTarget(earlier.command);
  const base = expectedVersion(earlier.command);
  if (!target || base === null || later.commandId === earlier.commandId || later.incidentId !== earlier.incidentId) return false;
  return byOrder(later, earlier) > 0 && versionTarget(later.command) === target && expectedVersion(later.command) === base;
}

/** The same command made against `version` now (the person chose "apply mine anyway"). */
export function withVersion(command: IncidentCommandInput, version: number): IncidentCommandInput {
  return expectedVersion(command) === null ? command : ({ ...command, expectedVersion: version } as IncidentCommandInput);
}
