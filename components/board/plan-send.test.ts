import { describe, expect, it } from 'vitest';
import { ErrorCode, domainError } from '@/lib/domain/errors';
import type { IncidentCommandInput } from '@/lib/domain/incident/commands';
import { sendPlan, type PlanAck, type PlanSendStep } from './plan-send';

const message: PlanSendStep = { key: null, cmd: { type: 'PostMessage', messageId: 'm', text: 'Plan activated', toAgency: null, alert: false } };
const task = (key: string): PlanSendStep => ({ key, cmd: { type: 'CreateTask', taskId: `t-${key}`, title: key, agency: 'fire' } });
const steps = [message, task('a'), task('b'), task('c')];
const idOf = (c: IncidentCommandInput) => (c.type === 'CreateTask' ? c.taskId : 'm');

/** A run that answers each command from `answers` (by id), ok otherwise, and records the order it was called in. */
function fakeRun(answers: Record<string, PlanAck> = {}) {
  const calls: string[] = [];
  const run = async (c: IncidentCommandInput): Promise<PlanAck> => {
    calls.push(idOf(c));
    return answers[idOf(c)] ?? { ok: true };
  };
  return { run, calls };
}

// SPEC PLAN1: an activation is sent in order; a refusal on screen stops it; nothing is dropped unsaid.
describe('sendPlan (SPEC PLAN1)', () => {
  it('sends every step in order, each awaited, and says which were sent', async () => {
    const { run, calls } = fakeRun();
    const sent: Array<string | null> = [];
    expect(await sendPlan(steps, run, { shown: () => true, sent: (k) => sent.push(k), queued: () => {} })).toBeNull();
    expect(calls).toEqual(['m', 't-a', 't-b', 't-c']);
    expect(sent).toEqual([null, 'a', 'b', 'c']);
  });

  it('a refusal while the dialog is on screen stops the rest and is answered; a retry of the rest with the same ids counts ALREADY_EXISTS as sent', async () => {
    const refusal = domainError(ErrorCode.FORBIDDEN, 'Agency fire no longer takes part.');
    const first = fakeRun({ 't-b': { ok: false, error: refusal } });
    const sent = new Set<string | null>();
    const hooks = { shown: () => true, sent: (k: string | null) => sent.add(k), queued: () => {} };
    expect(await sendPlan(steps, first.run, hooks)).toBe(refusal);
    expect(first.calls).toEqual(['m', 't-a', 't-b']);
    // The retry sends what was not sent; one written after all answers ALREADY_EXISTS.
    const rest = steps.filter((s) => !sent.has(s.key));
    const second = fakeRun({ 't-b': { ok: false, error: domainError(ErrorCode.ALREADY_EXISTS, 'Task t-b exists.') } });
    expect(await sendPlan(rest, second.run, hooks)).toBeNull();
    expect(second.calls).toEqual(['t-b', 't-c']);
    expect([...sent]).toEqual([null, 'a', 'b', 'c']);
  });

  it('once the dialog is gone, a refusal stays in the outbox and the rest are still sent; the first queued step is told once', async () => {
    const { run, calls } = fakeRun({ 't-a': { ok: true, queued: true }, 't-b': { ok: false, error: domainError(ErrorCode.FORBIDDEN, 'no') }, 't-c': { ok: true, queued: true } });
    let shown = true;
    let queuedTold = 0;
    const result = await sendPlan(steps, run, {
      shown: () => shown,
      sent: () => {},
      queued: () => {
        queuedTold++;
        shown = false; // the dialog closes at the first queued step
      },
    });
    expect(result).toBeNull();
    expect(calls).toEqual(['m', 't-a', 't-b', 't-c']);
    expect(queuedTold).toBe(1);
  });
});
