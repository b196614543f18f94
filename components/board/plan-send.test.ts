import { describe, expect, it } from 'vitest';
import { ErrorCode, domainError, type DomainError } from '@/lib/domain/errors';
import type { IncidentCommandInput } from '@/lib/domain/incident/commands';
import { sendPlan, type PlanAck, type PlanSendStep } from './plan-send';

const message: PlanSendStep = { key: null, cmd: { type: 'PostMessage', messageId: 'm', text: 'Plan activated', toAgency: null, alert: false } };
const task = (key: string): PlanSendStep => ({ key, cmd: { type: 'CreateTask', taskId: `t-${key}`, title: key, agency: 'fire' } });
const steps = [message, task('a'), task('b'), task('c')];
const idOf = (c: IncidentCommandInput) => (c.type === 'CreateTask' ? c.taskId : 'm');
const ok: PlanAck = { ok: true, seqs: [1], duplicate: false };

/**
 * A fake board `run` whose answers the test gives by hand (`answer`), recording the order the
 * commands were stored in; each is stored at once unless `unstored` names it (then only its answer frees the next).
 */
function fakeRun(unstored: string[] = []) {
  const order: string[] = [];
  const pending = new Map<string, (ack: PlanAck) => void>();
  const run = (c: IncidentCommandInput, stored: () => void): Promise<PlanAck> => {
    order.push(idOf(c));
    if (!unstored.includes(idOf(c))) stored();
    return new Promise((resolve) => pending.set(idOf(c), resolve));
  };
  const answer = async (id: string, ack: PlanAck) => {
    for (let i = 0; i < 10 && !pending.has(id); i++) await Promise.resolve();
    pending.get(id)!(ack);
  };
  return { run, order, answer };
}

function record() {
  const sent: Array<string | null> = [];
  const refused: Array<[string | null, string]> = [];
  let queued = 0;
  return { sent, refused, get queued() { return queued; }, hooks: { sent: (k: string | null) => sent.push(k), refused: (k: string | null, e: DomainError) => refused.push([k, e.code]), queued: () => void queued++ } };
}

// SPEC PLAN1: the whole activation is in the outbox at once, in order; the answers are taken as they come.
describe('sendPlan (SPEC PLAN1)', () => {
  it('gives every step once the one before is stored, before any answer, in order; resolves when all are answered', async () => {
    const f = fakeRun();
    const r = record();
    let done = false;
    const p = sendPlan(steps, f.run, r.hooks).then(() => (done = true));
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(f.order).toEqual(['m', 't-a', 't-b', 't-c']);
    expect(done).toBe(false);
    // Answers in another order than sent: each taken as it comes.
    for (const id of ['t-c', 'm', 't-a', 't-b']) await f.answer(id, ok);
    await p;
    expect(r.sent).toEqual(['c', null, 'a', 'b']);
    expect(done).toBe(true);
  });

  it('a step that could not be stored frees the next only with its answer', async () => {
    const f = fakeRun(['m']);
    const r = record();
    const p = sendPlan(steps, f.run, r.hooks);
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(f.order).toEqual(['m']);
    await f.answer('m', ok);
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(f.order).toEqual(['m', 't-a', 't-b', 't-c']);
    for (const id of ['t-a', 't-b', 't-c']) await f.answer(id, ok);
    await p;
    expect(r.sent).toEqual([null, 'a', 'b', 'c']);
  });

  it('a refusal is told with its step, the others go on; ALREADY_EXISTS (written before, on a retry) counts as sent; the first queued is told once', async () => {
    const f = fakeRun();
    const r = record();
    const p = sendPlan(steps, f.run, r.hooks);
    await f.answer('m', { ok: true, seqs: [], duplicate: false, queued: true });
    await f.answer('t-a', { ok: false, error: domainError(ErrorCode.ALREADY_EXISTS, 'Task t-a exists.') });
    await f.answer('t-b', { ok: false, error: domainError(ErrorCode.BAD_REQUEST, 'Agency fire does not take part.') });
    await f.answer('t-c', { ok: true, seqs: [], duplicate: false, queued: true });
    await p;
    expect(r.sent).toEqual([null, 'a', 'c']);
    expect(r.refused).toEqual([['b', ErrorCode.BAD_REQUEST]]);
    expect(r.queued).toBe(1);
  });

  it('a step queued after a refusal is not told as the first queued (the dialog stays to show the refusal); a run that throws is a refusal', async () => {
    const f = fakeRun();
    const r = record();
    const p = sendPlan(steps, f.run, r.hooks);
    await f.answer('m', ok);
    await f.answer('t-a', { ok: false, error: domainError(ErrorCode.BAD_REQUEST, 'Agency fire does not take part.') });
    await f.answer('t-b', { ok: true, seqs: [], duplicate: false, queued: true });
    await f.answer('t-c', ok);
    await p;
    expect(r.queued).toBe(0);
    expect(r.sent).toEqual([null, 'b', 'c']);
    const thrown = record();
    await sendPlan([message, task('a')], async (c, stored) => {
      stored();
      if (c.type === 'CreateTask') throw new Error('channel closed');
      return ok;
    }, thrown.hooks);
    expect([thrown.sent, thrown.refused]).toEqual([[null], [['a', ErrorCode.INTERNAL]]]);
  });
});
