import { domainError, ErrorCode, type DomainError } from '@/lib/domain/errors';
import type { IncidentCommandInput } from '@/lib/domain/incident/commands';
import type { Board } from './board-context';

/** One command of an activation and what it sends: the message (key null) or an action's task (its key). */
export interface PlanSendStep {
  cmd: IncidentCommandInput;
  key: string | null;
}

/** What the board's `run` answers: an ack, or queued while offline or slow. */
export type PlanAck = Awaited<ReturnType<Board['run']>>;

export interface PlanSendHooks {
  /** The step's command is applied, queued, or was applied before (ALREADY_EXISTS for its id on a retry). */
  sent: (key: string | null) => void;
  /** A step was refused. Called as its answer comes, when `run`'s own `shown` decided whether the outbox keeps it. */
  refused: (key: string | null, error: DomainError) => void;
  /**
   * The first step that was queued, not answered (offline, a slow link), unless a step was refused
   * before it: the dialog then stays to show the refusal (the outbox no longer holds it).
   */
  queued: () => void;
}

/**
 * Sends an activation's commands (SPEC PLAN1) through `run`, in order: each is given once the one
 * before is in the outbox (`stored`), not once it is answered, so the whole plan is in the outbox
 * within moments of the press, in order, and survives a reload or a closed dialog like any change.
 * The answers are taken as they come: sent (or ALREADY_EXISTS: one written before, a retry after an
 * answer that was lost), refused (the board's `run` left it in the outbox to decide unless the
 * dialog was there to show it), or the first queued (none told after a refusal). A `run` that
 * throws counts as a refusal (INTERNAL). Resolves once every step is answered or queued.
 */
export async function sendPlan(
  steps: readonly PlanSendStep[],
  run: (cmd: IncidentCommandInput, stored: () => void) => Promise<PlanAck>,
  hooks: PlanSendHooks,
): Promise<void> {
  let queued = false;
  let refused = false;
  const answers: Array<Promise<void>> = [];
  for (const { cmd, key } of steps) {
    let stored = () => {};
    const inOutbox = new Promise<void>((resolve) => (stored = resolve));
    const answer = run(cmd, stored)
      .catch((err: unknown): PlanAck => ({ ok: false, error: domainError(ErrorCode.INTERNAL, err instanceof Error ? err.message : String(err)) }))
      .then((ack) => {
        if (ack.ok || ack.error.code === ErrorCode.ALREADY_EXISTS) {
          hooks.sent(key);
          if (ack.ok && ack.queued && !queued && !refused) {
            queued = true;
            hooks.queued();
          }
        } else {
          refused = true;
          hooks.refused(key, ack.error);
        }
      });
    answers.push(answer);
    // The next only once this one has its place (or its answer: one that could not be stored).
    await Promise.race([inOutbox, answer]);
  }
  await Promise.all(answers);
}
