import { ErrorCode, type DomainError } from '@/lib/domain/errors';
import type { IncidentCommandInput } from '@/lib/domain/incident/commands';

/** One command of an activation and what it sends: the message (key null) or an action's task (its key). */
export interface PlanSendStep {
  cmd: IncidentCommandInput;
  key: string | null;
}

/** What `run` answers (the board's: an ack, or queued while offline or slow). */
export type PlanAck = { ok: true; queued?: true } | { ok: false; error: DomainError };

export interface PlanSendHooks {
  /** The dialog is still on screen to show a refusal (else the refused entry stays in the outbox to decide). */
  shown: () => boolean;
  /** The step's command is applied, queued, or was applied before (ALREADY_EXISTS for its id on a retry). */
  sent: (key: string | null, done: number) => void;
  /** The first step that was queued, not answered: the rest go into the outbox after it, in order. */
  queued: () => void;
}

/**
 * Sends an activation's commands in order through `run` (SPEC PLAN1), each awaited so the outbox
 * keeps their order. A refusal while the dialog is on screen stops the rest: it is shown there, and
 * a retry sends the steps not sent (the same ids). Once the dialog is gone (closed at the first
 * queued step, or taken away), a refusal stays in the outbox for the person to decide and the rest
 * are still sent: nothing is dropped unsaid. An ALREADY_EXISTS is a step written before (a retry
 * after an answer that was lost): sent. Resolves with the refusal that stopped it, or null.
 */
export async function sendPlan(steps: readonly PlanSendStep[], run: (cmd: IncidentCommandInput) => Promise<PlanAck>, hooks: PlanSendHooks): Promise<DomainError | null> {
  let queued = false;
  for (let i = 0; i < steps.length; i++) {
    const ack = await run(steps[i].cmd);
    if (ack.ok || ack.error.code === ErrorCode.ALREADY_EXISTS) {
      hooks.sent(steps[i].key, i + 1);
      if (ack.ok && ack.queued && !queued) {
        queued = true;
        hooks.queued();
      }
      continue;
    }
    if (hooks.shown()) return ack.error;
  }
  return null;
}
