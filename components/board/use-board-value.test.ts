import { describe, expect, it, vi } from 'vitest';
import { domainError, ErrorCode } from '@/lib/domain/errors';
import type { SubmitResult } from '@/lib/client/outbox';
import { onAnswer } from './use-board-value';

const refusal: SubmitResult = { ok: false, error: domainError(ErrorCode.CONFLICT, 'Task changed since version 5', { currentVersion: 9 }), refusedEntry: 'cmd-1' };

function answer(ack: SubmitResult, opts: Parameters<typeof onAnswer>[1]) {
  const discard = vi.fn();
  const notify = vi.fn();
  onAnswer(ack, opts, { discard, notify });
  return { discarded: discard.mock.calls.map(([id]) => id as string), notified: notify.mock.calls.map(([e]) => (e as { code: string }).code) };
}

describe('a board answer (SPEC SYNC4)', () => {
  it('a one-click change refused at once is told in a notice and stays in the outbox for the person to decide', () => {
    // Before, the notice (10 s) was all: the entry was discarded, with no "yours vs now" and no "apply mine anyway".
    expect(answer(refusal, {})).toEqual({ discarded: [], notified: ['CONFLICT'] });
  });

  it('a dialog still on screen shows the refusal itself and takes the entry; one that has gone leaves it to decide', () => {
    expect(answer(refusal, { quiet: true, shown: () => true })).toEqual({ discarded: ['cmd-1'], notified: [] });
    expect(answer(refusal, { quiet: true, shown: () => false })).toEqual({ discarded: [], notified: [] });
  });

  it('an applied or queued change needs nothing', () => {
    expect(answer({ ok: true, seqs: [3], duplicate: false }, {})).toEqual({ discarded: [], notified: [] });
    expect(answer({ ok: true, seqs: [], duplicate: false, queued: true }, { quiet: true, shown: () => true })).toEqual({ discarded: [], notified: [] });
  });
});
