import { describe, expect, it } from 'vitest';
import { domainError, ErrorCode } from '../domain/errors';
import { closeWaiting, onBoard, pendingCounts, unansweredSince, type OutboxEntry, type OutboxEntryState } from './outbox-queue';

let n = 0;
function entry(incidentId: string, order: number, state: OutboxEntryState = 'pending'): OutboxEntry {
  n += 1;
  return {
    commandId: `cmd-${n}`,
    accountId: 'acc-1',
    incidentId,
    command: { type: 'PostMessage', messageId: `m-${n}`, text: `message ${n}` },
    queuedAt: order,
    order,
    state,
    ...(state === 'conflict' || state === 'failed' ? { error: domainError(ErrorCode.CONFLICT, 'changed meanwhile') } : {}),
  };
}

describe('pendingCounts (SPEC SYNC4: the indicator tells the other incidents apart)', () => {
  it('on the page of incident A, counts every waiting entry and those of other incidents, leading to the oldest of them', () => {
    // Made on B first (offline), then on C, then on A; listed out of order, as the store may give them.
    const entries = [entry('A', 40), entry('C', 30), entry('B', 10, 'sending'), entry('B', 20)];
    expect(pendingCounts(entries, 'A')).toEqual({ pending: 4, elsewhere: 3, elsewhereIncidents: 2, elsewhereIn: 'B', onlyIn: null });
    expect(pendingCounts(entries, 'B')).toEqual({ pending: 4, elsewhere: 2, elsewhereIncidents: 2, elsewhereIn: 'C', onlyIn: null });
  });

  it('counts neither refused entries nor applied ones (they are not waiting to be sent)', () => {
    const entries = [entry('B', 1, 'conflict'), entry('B', 2, 'failed'), entry('B', 3, 'applied'), entry('A', 4)];
    expect(pendingCounts(entries, 'A')).toEqual({ pending: 1, elsewhere: 0, elsewhereIncidents: 0, elsewhereIn: null, onlyIn: 'A' });
  });

  it('on an incident page whose own board has nothing waiting, all of them are elsewhere', () => {
    const entries = [entry('B', 1), entry('B', 2)];
    expect(pendingCounts(entries, 'A')).toEqual({ pending: 2, elsewhere: 2, elsewhereIncidents: 1, elsewhereIn: 'B', onlyIn: 'B' });
    expect(pendingCounts(entries, 'B')).toEqual({ pending: 2, elsewhere: 0, elsewhereIncidents: 0, elsewhereIn: null, onlyIn: 'B' });
  });

  it('off an incident page, tells nothing apart, and names the incident only when every waiting entry is of one', () => {
    expect(pendingCounts([entry('A', 1), entry('B', 2)], null)).toEqual({ pending: 2, elsewhere: 0, elsewhereIncidents: 0, elsewhereIn: null, onlyIn: null });
    expect(pendingCounts([entry('B', 1), entry('B', 2), entry('A', 3, 'failed')], null)).toEqual({
      pending: 2,
      elsewhere: 0,
      elsewhereIncidents: 0,
      elsewhereIn: null,
      onlyIn: 'B',
    });
  });

  it('with nothing waiting, counts nothing and leads nowhere', () => {
    expect(pendingCounts([], 'A')).toEqual({ pending: 0, elsewhere: 0, elsewhereIncidents: 0, elsewhereIn: null, onlyIn: null });
    expect(pendingCounts([entry('A', 1, 'conflict')], null)).toEqual({ pending: 0, elsewhere: 0, elsewhereIncidents: 0, elsewhereIn: null, onlyIn: null });
  });
});

describe('unansweredSince (SPEC SYNC3: an answer that does not come on a connection that says it is up)', () => {
  it('is when the oldest entry this tab is sending was sent', () => {
    const sent = (order: number, at: number) => ({ ...entry('A', order, 'sending'), sentAt: at });
    expect(unansweredSince([entry('A', 1), sent(2, 5_000), sent(3, 4_000)])).toBe(4_000);
  });

  it('is null while nothing is being sent: pending, refused, applied, or marked sending by a board still catching up (no send time)', () => {
    expect(unansweredSince([entry('A', 1), entry('A', 2, 'conflict'), entry('A', 3, 'failed'), entry('A', 4, 'applied'), entry('A', 5, 'sending')])).toBeNull();
    expect(unansweredSince([])).toBeNull();
  });
});

describe('closeWaiting (SPEC SYNC4, INC2: a close waiting is the incident\'s last change)', () => {
  const close = (incidentId: string, state: OutboxEntryState, extra: Partial<OutboxEntry> = {}): OutboxEntry => ({
    ...entry(incidentId, 9, state),
    command: { type: 'ChangePhase', phase: 'closed' } as OutboxEntry['command'],
    ...extra,
  });

  it('queued, or on its way when the link dropped (sent and not answered, or applied and not yet on the board)', () => {
    expect(closeWaiting([close('A', 'pending')], 'A')).toBe(true);
    expect(closeWaiting([close('A', 'sending')], 'A')).toBe(true);
    expect(closeWaiting(onBoard([close('A', 'applied', { appliedSeq: 12 })], 11), 'A')).toBe(true);
  });

  it('not once on the board, refused, of another incident, or another phase', () => {
    expect(closeWaiting(onBoard([close('A', 'applied', { appliedSeq: 12 })], 12), 'A')).toBe(false);
    expect(closeWaiting([close('A', 'conflict'), close('A', 'failed')], 'A')).toBe(false);
    expect(closeWaiting([close('B', 'pending')], 'A')).toBe(false);
    expect(closeWaiting([{ ...close('A', 'pending'), command: { type: 'ChangePhase', phase: 'recovery' } as OutboxEntry['command'] }, entry('A', 1)], 'A')).toBe(false);
  });
});
