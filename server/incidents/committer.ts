import { randomUUID } from 'node:crypto';
import type { Actor, Principal } from '../../lib/domain/actor';
import { domainError, ErrorCode, rateLimited, type DomainError } from '../../lib/domain/errors';
import type { IncidentCommand } from '../../lib/domain/incident/commands';
import { decide, unknownAgenciesOf, type Decision } from '../../lib/domain/incident/decide';
import type { IncidentEvent, UnsequencedEvent } from '../../lib/domain/incident/events';
import { applyEvents, containersOf } from '../../lib/domain/incident/evolve';
import { overlayMessages } from '../../lib/domain/incident/overlay-messages';
import type { IncidentState } from '../../lib/domain/incident/state';
import { authorize } from '../../lib/domain/permissions';
import type { Ack } from '../../lib/protocol/ack';
import type { CommandResult } from '../../lib/protocol/socket';
import type { Logger } from '../log';
import type { EventStore } from '../store/types';
import { StoreUnavailableError } from '../store/types';
import type { IncidentHub } from './hub';
import { overlayTasks } from './overlay-tasks';
import type { IncidentRegistry } from './registry';

/**
 * SPEC CONC2: a batch that keeps losing the race to another process is decided
 * again at least this many times, and for as long as CONTENTION_BUDGET_MS lasts,
 * before it is refused as busy (RATE_LIMITED, like a full queue: the store is
 * there, the incident is changing too fast). Twelve attempts alone were not enough:
 * two busy processes on a loaded 2-core machine lost twelve races in a row (CI).
 */
const MIN_ATTEMPTS = 12;
/** Well inside a client's per-attempt ack timeout (8 s, lib/client/send-command.ts). */
const CONTENTION_BUDGET_MS = 3_000;
/** Commands decided and appended together at most (one Lua call, one AOF fsync). */
const MAX_BATCH = 64;
/**
 * SPEC CONC3 (load shedding): commands of one incident queued in this process
 * beyond this are refused at once with RATE_LIMITED, nothing written.
 */
export const MAX_QUEUED = 512;
/**
 * SPEC CONC3: a command that waited in the queue longer than a client's
 * per-attempt ack timeout (lib/client/send-command.ts, 8 s) is refused unwritten
 * instead of decided: its sender has resent it already, and deciding a backlog
 * nobody waits for is what kept an overloaded server from recovering.
 */
export const MAX_QUEUE_WAIT_MS = 8_000;
/** What a shed command's sender is told to wait before it tries again. */
const BUSY_RETRY_AFTER_MS = 1_000;

/**
 * SPEC CONC2/CONC3: the incident is too busy to decide this command now (its queue is full, it
 * waited too long, or it lost every race for CONTENTION_BUDGET_MS). Nothing was written; the
 * store is fine, so it is no STORE_UNAVAILABLE (which pages whoever runs the store).
 */
const incidentBusy = (message: string) => failure(rateLimited(message, BUSY_RETRY_AFTER_MS, 'incident'));

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

/** What a command is decided against: the codes, and which of some codes the directory lacks, read again on a miss. */
export interface AgencyDirectory {
  codes(): Promise<ReadonlySet<string>>;
  unknown(codes: Iterable<string>): Promise<Set<string>>;
}

export interface CommitDeps {
  registry: IncidentRegistry;
  events: EventStore;
  /** The agency directory (server/services.ts AgencyCache): one check of agency codes for commands and routes. */
  agencies: AgencyDirectory;
  /** Where a failed commit is reported with its command ids. @default console */
  log?: Pick<Logger, 'error'>;
}

interface Job {
  queuedAt: number;
  principal: Principal;
  commandId: string;
  cmd: IncidentCommand;
  /** The sender's session (its token hash): the store writes the command only while it lives (SPEC AUTH8). */
  session: string | undefined;
  resolve: (ack: Ack<CommandResult>) => void;
}

/** The answer to a command whose session or screen token has ended (SPEC AUTH8). */
export const SESSION_ENDED = 'The session or screen token has ended.';

const failure = (error: DomainError): Ack<CommandResult> => ({ ok: false, error });

/**
 * Decides and appends the commands of one incident in this process (SPEC
 * CMD1, CONC2). Commands that arrive while an append is in flight wait, then
 * go together: each is decided against the state that includes the ones
 * before it, and all are appended in one atomic call, so a slow fsync delays
 * a burst once instead of once per command (group commit).
 */
export class Committer {
  private readonly queue: Job[] = [];
  private running = false;

  constructor(
    private readonly hub: IncidentHub,
    private readonly deps: CommitDeps,
  ) {}

  /** Commands are queued or being decided and appended (the registry keeps such a hub). */
  get busy(): boolean {
    return this.running || this.queue.length > 0;
  }

  /** `session`: the token hash of the session that sent it, if any (SPEC AUTH8). */
  submit(principal: Principal, commandId: string, cmd: IncidentCommand, session?: string): Promise<Ack<CommandResult>> {
    return new Promise((resolve) => {
      const job: Job = { queuedAt: Date.now(), principal, commandId, cmd, session, resolve };
      if (this.queue.length >= MAX_QUEUED) return this.shed(job);
      this.queue.push(job);
      if (!this.running) void this.run();
    });
  }

  /** SPEC CONC3: answered without deciding; an already applied command still gets its duplicate answer (IDEM1). */
  private shed(job: Job): void {
    if (this.hub.commands.has(job.commandId)) return job.resolve(duplicateAck(this.hub, job));
    job.resolve(incidentBusy('This incident is too busy right now; nothing was written. Try again.'));
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const now = Date.now();
        const batch: Job[] = [];
        for (const job of this.queue.splice(0, MAX_BATCH)) {
          if (now - job.queuedAt > MAX_QUEUE_WAIT_MS) this.shed(job);
          else batch.push(job);
        }
        if (batch.length === 0) continue;
        try {
          await this.commit(batch);
        } catch (err) {
          if (err instanceof StoreUnavailableError) {
            // Usually nothing was written; but a connection that broke after the store wrote the
            // batch reads the same here: a retry with the same command id is answered duplicate (IDEM1).
            const unsure = failure(domainError(ErrorCode.STORE_UNAVAILABLE, 'The store is unavailable; the command may not have been saved. Retrying with the same command id is safe.'));
            for (const job of batch) job.resolve(unsure);
            // The store is away (or hung: each request ends after 5 s, SPEC OPS1): the commands
            // queued behind this batch are answered so now, nothing of them written, rather than
            // each waiting its own turn at the store past the sender's 8 s wait (their outboxes send
            // them again); one applied before still gets its duplicate answer (IDEM1).
            const away = failure(domainError(ErrorCode.STORE_UNAVAILABLE, 'The store is unavailable; nothing was written. Retrying with the same command id is safe.'));
            for (const job of this.queue.splice(0)) job.resolve(this.hub.commands.has(job.commandId) ? duplicateAck(this.hub, job) : away);
          } else {
            for (const job of batch) job.resolve(failure(domainError(ErrorCode.INTERNAL, 'Internal error; nothing was changed.')));
            const commandIds = batch.map((j) => j.commandId);
            if (this.deps.log) this.deps.log.error({ err, incidentId: this.hub.id, commandIds }, 'commit failed');
            else console.error('commit failed', commandIds, err);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(batch: Job[]): Promise<void> {
    const hub = this.hub;
    let open = batch;
    const started = Date.now();
    let directoryAsked = false;
    for (let attempt = 0; open.length > 0 && (attempt < MIN_ATTEMPTS || Date.now() - started < CONTENTION_BUDGET_MS); attempt++) {
      const agencies = await this.deps.agencies.codes();
      // The seq the round is decided at: the bus may move the hub on while the head is asked.
      const decidedAt = hub.seq;
      const round = this.decideRound(open, agencies);
      // An agency refused as unknown may have been added moments ago on another process, before
      // the control bus said so: asked once of the directory itself, as the routes ask (SPEC INC4).
      // Not a lost race: the attempt is not counted. A directory that cannot be read leaves the refusal as it is.
      const named = round.refused.flatMap((r) => unknownAgenciesOf(r.error));
      if (named.length > 0 && !directoryAsked) {
        directoryAsked = true;
        const still = await this.deps.agencies.unknown(named).catch((err: unknown) => {
          this.deps.log?.error({ err, incidentId: hub.id }, 'agency directory not read again; unknown agencies refused as decided');
          return new Set(named);
        });
        if (still.size < new Set(named).size) {
          // Decided again, the answered duplicates left out (in this order, as after a lost race).
          open = [...round.toAppend.map((a) => a.job), ...round.refused.map((r) => r.job), ...round.sameBatch];
          attempt--;
          continue;
        }
      }
      if (round.toAppend.length === 0) {
        // Only refusals: make sure they were not decided against a stale view. Compared with the
        // hub's seq *after* the head read, an event that arrived meanwhile (the very task a
        // status change was refused NOT_FOUND for) made a stale refusal look real.
        if (round.refused.some((r) => MAYBE_STALE.has(r.error.code)) && (await this.deps.events.head(hub.id)) !== decidedAt) {
          await hub.catchUp();
          open = round.refused.map((r) => r.job);
          continue;
        }
        await this.answerRefusals(round.refused);
        return;
      }

      // At the seq the round was decided at, not the hub's now: the bus may have moved the hub on
      // while the directory was asked, and the store then answers stale (the round is decided
      // again) instead of taking commands decided against a state that is no longer the head.
      const res = await this.deps.events.appendBatch(
        hub.id,
        decidedAt,
        round.toAppend.map((a) => ({ commandId: a.job.commandId, events: a.events, session: a.job.session })),
      );
      if (res.status === 'appended') {
        await this.offerWritten(res.events);
        this.deps.registry.adopt(hub);
        const seqsOf = groupSeqs(res.events);
        for (const a of round.toAppend) a.job.resolve({ ok: true, seqs: seqsOf.get(a.job.commandId) ?? [], duplicate: false });
        // Decided against a state the store has just confirmed: these refusals are real.
        await this.answerRefusals(round.refused);
        for (const d of round.sameBatch) d.resolve(duplicateAck(hub, d));
        return;
      }
      const unresolved = [...round.toAppend.map((a) => a.job), ...round.refused.map((r) => r.job), ...round.sameBatch];
      if (res.status === 'unauthenticated') {
        // SPEC AUTH8: their sessions ended after they were authorised. Nothing was written;
        // the rest of the batch is decided again without them.
        const ended = new Set(res.commandIds);
        const gone = new Set(round.toAppend.filter((a) => ended.has(a.job.commandId)).map((a) => a.job));
        for (const job of gone) job.resolve(failure(domainError(ErrorCode.UNAUTHENTICATED, SESSION_ENDED)));
        open = unresolved.filter((job) => !gone.has(job));
        continue;
      }
      if (res.status === 'duplicate') {
        // A single command appended through another process meanwhile: catch up; the fast path answers.
        await hub.catchUp();
        // Or one appended long ago, whose id the hub has since forgotten: recalled from the store.
        // (The store answers duplicate only to a single command.)
        await this.recall(round.toAppend[0].job.commandId, res.seqs);
      } else {
        hub.offer(res.missed);
        if (hub.seq < res.headSeq) await hub.catchUp();
        if (attempt >= 2) await backoff(attempt);
        // A batch that makes no progress (a command id applied elsewhere) goes on one by one.
        if (res.missed.length === 0 && round.toAppend.length > 1) {
          for (const job of unresolved) await this.commit([job]);
          return;
        }
      }
      open = unresolved;
    }
    for (const job of open) job.resolve(incidentBusy('The incident is changing too fast to decide; nothing was written. Try again.'));
  }

  /**
   * Events the store has just written, into the hub: if applying or pushing them throws, the hub
   * reads its log again, and their senders are still answered ok, never "nothing was changed"
   * (SPEC DUR1, BUS3).
   */
  private offerWritten(events: readonly IncidentEvent[]): Promise<void> {
    return this.hub.offerOrCatchUp(events, (err, what, detail) => {
      const report = { err, incidentId: this.hub.id, ...detail };
      if (this.deps.log) this.deps.log.error(report, what);
      else console.error(what, report);
    });
  }

  /**
   * Refusals, unless the command was applied long ago and only the hub has
   * forgotten it (a retry of an old command, SPEC IDEM1): that one gets its
   * duplicate answer. The store is asked only once the hub has dropped ids.
   */
  private async answerRefusals(refused: ReadonlyArray<{ job: Job; error: DomainError }>): Promise<void> {
    for (const r of refused) {
      if (this.hub.commands.forgetful && (await this.recall(r.job.commandId))) r.job.resolve(duplicateAck(this.hub, r.job));
      else r.job.resolve(failure(r.error));
    }
  }

  /**
   * An old command id the hub has forgotten: its seqs (`known`, or the store's)
   * and sender (its first event) are kept again. False if it appended nothing here.
   */
  private async recall(commandId: string, known?: number[]): Promise<boolean> {
    const hub = this.hub;
    if (hub.commands.has(commandId)) return true;
    const seqs = known ?? (await this.deps.events.command(hub.id, commandId));
    if (!seqs || seqs.length === 0) return false;
    const [first] = await this.deps.events.read(hub.id, seqs[0], 1);
    if (first?.commandId !== commandId) return false;
    hub.commands.remember(commandId, { seqs: seqs.slice(), userId: first.actor.userId });
    return true;
  }

  /** Decides each job against the state so far, the earlier jobs' events included. */
  private decideRound(open: Job[], agencies: ReadonlySet<string>) {
    const hub = this.hub;
    // Read synchronously and not kept past this call (hub.peek()): no copy of it is made.
    const hubState = hub.peek();
    let state: IncidentState | null = hubState;
    const hubContainers = hubState && containersOf(hubState);
    let seq = hub.seq;
    const toAppend: Array<{ job: Job; events: UnsequencedEvent[] }> = [];
    const refused: Array<{ job: Job; error: DomainError }> = [];
    const sameBatch: Job[] = [];
    const inBatch = new Set<string>();
    for (const job of open) {
      const done = hub.commands.get(job.commandId);
      if (done) {
        job.resolve(duplicateAck(hub, job));
        continue;
      }
      if (inBatch.has(job.commandId)) {
        sameBatch.push(job); // the same command twice at once: answered after the first lands
        continue;
      }
      const decision = evaluate(state, job.principal, job.cmd, agencies);
      if (!decision.ok) {
        refused.push({ job, error: decision.error });
        continue;
      }
      const actor = writer(job.principal);
      const events = decision.events.map(
        (body) => ({ ...body, incidentId: hub.id, id: randomUUID(), actor, commandId: job.commandId }) as UnsequencedEvent,
      );
      // Provisional seq and ts, only so that later jobs in this round decide against it
      // (the last job needs no such copy of the state).
      // The hub's task map and message list are overlaid, its agency statuses kept (copied on
      // first write); the overlays and the copy are this round's own, so later steps write them
      // in place. A round of k commands costs O(k), not a copy of a late incident's 88,000
      // messages and a new index of their ids for decide (lib/domain/incident/message-ids.ts).
      if (job !== open[open.length - 1]) {
        const now = Date.now();
        state = applyEvents(
          state && state === hubState
            ? { ...state, tasks: overlayTasks(state.tasks).tasks, messages: overlayMessages(state.messages) }
            : state,
          events.map((e, i) => ({ ...e, seq: seq + 1 + i, ts: now }) as IncidentEvent),
          { handOver: true, keep: hubContainers },
        );
      }
      seq += events.length;
      inBatch.add(job.commandId);
      toAppend.push({ job, events });
    }
    return { toAppend, refused, sameBatch };
  }
}

function groupSeqs(events: readonly IncidentEvent[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const e of events) {
    const list = out.get(e.commandId);
    if (list) list.push(e.seq);
    else out.set(e.commandId, [e.seq]);
  }
  return out;
}

/**
 * A command id seen before (SPEC IDEM1). Only its sender learns that it was
 * applied and where; anyone else reusing the id is authorised as usual and, if
 * allowed, told the id is taken.
 */
function duplicateAck(hub: IncidentHub, job: Job): Ack<CommandResult> {
  const done = hub.commands.get(job.commandId);
  const p = job.principal;
  if (done && p.role !== 'display' && p.userId === done.userId) return { ok: true, seqs: done.seqs.slice(), duplicate: true };
  const denied = authorize(p, job.cmd, hub.peek());
  if (denied) return failure(denied);
  return failure(domainError(ErrorCode.ALREADY_EXISTS, 'This command id was already used for another command; send a new id.'));
}

/**
 * After a few lost races, wait a little (random, growing to at most 50 ms) so
 * two busy processes stop colliding on every attempt.
 */
function backoff(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 5 * attempt)));
}

/** Authorise (lib/domain/permissions.ts, incident scope included), then decide (SPEC CMD1). */
export function evaluate(
  state: IncidentState | null,
  principal: Principal,
  cmd: IncidentCommand,
  agencies: ReadonlySet<string>,
): Decision {
  const denied = authorize(principal, cmd, state);
  if (denied) return { ok: false, error: denied };
  return decide(state, cmd, { knownAgencies: agencies });
}

/** The actor stamped on events. `authorize` lets no display write; this only keeps the types honest. */
function writer(principal: Principal): Actor {
  if (principal.role === 'display') throw new Error('unreachable: a display passed authorisation');
  return principal;
}
