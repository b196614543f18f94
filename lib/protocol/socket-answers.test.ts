import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../domain/errors';
import { INCIDENT_ID, opened, sequence, taskCreated } from '../domain/incident/fixtures';
import { checkAck, checkMessage, CommandResultAnswer, EventsPageAnswer } from './socket-answers';

const events = sequence([opened(), taskCreated('t1')]);

describe('SYNC10: what the server sends over the socket is read only once it has the protocol’s shape', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a page of events and a command result of the shape are passed on as they came', () => {
    expect(checkAck(EventsPageAnswer, { ok: true, events, headSeq: 2 })).toEqual({ ok: true, events, headSeq: 2 });
    expect(checkAck(CommandResultAnswer, { ok: true, seqs: [3, 4], duplicate: false })).toEqual({ ok: true, seqs: [3, 4], duplicate: false });
  });

  it('a refusal with a code of the protocol is passed on, details and all', () => {
    const refusal = { ok: false, error: { code: ErrorCode.RATE_LIMITED, message: 'slow down', details: { retryAfterMs: 500, limit: 'reads' } } };
    expect(checkAck(EventsPageAnswer, refusal)).toEqual(refusal);
  });

  it('anything else is a BAD_RESPONSE that says what was wrong, and carries none of it', () => {
    const bad: [string, unknown][] = [
      ['no answer object', null],
      ['no ok', { events, headSeq: 2 }],
      ['an unknown error code', { ok: false, error: { code: 'TEAPOT', message: 'x' } }],
      ['a refusal without its error', { ok: false }],
      ['events not a list', { ok: true, events: {}, headSeq: 2 }],
      ['an event without its seq', { ok: true, events: [{ ...events[0], seq: undefined }], headSeq: 2 }],
      ['an event of a type the client does not know', { ok: true, events: [{ ...events[1], type: 'TaskTeleported' }], headSeq: 2 }],
      ['an event with a field the type does not have', { ok: true, events: [{ ...events[1], payload: { ...events[1].payload, extra: 1 } }], headSeq: 2 }],
      ['a task title over its limit', { ok: true, events: [{ ...events[1], payload: { ...events[1].payload, title: 'x'.repeat(201) } }], headSeq: 2 }],
      ['a head that is not a number', { ok: true, events, headSeq: '2' }],
    ];
    for (const [what, raw] of bad) {
      const ack = checkAck(EventsPageAnswer, raw);
      expect(ack.ok, what).toBe(false);
      if (!ack.ok) {
        expect(ack.error.code, what).toBe(ErrorCode.BAD_RESPONSE);
        expect(ack.error.message, what).toMatch(/expected shape/);
      }
    }
    expect(checkAck(CommandResultAnswer, { ok: true, seqs: ['3'], duplicate: false })).toMatchObject({ ok: false, error: { code: ErrorCode.BAD_RESPONSE } });
    expect(checkAck(CommandResultAnswer, { ok: true, seqs: [0], duplicate: false })).toMatchObject({ ok: false, error: { code: ErrorCode.BAD_RESPONSE } });
  });

  it('a push of the shape is passed on; one of another shape is null, with why on the console', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(checkMessage('incident:events', { incidentId: INCIDENT_ID, events })).toEqual({ incidentId: INCIDENT_ID, events });
    expect(checkMessage('incidents:changed', { incidentId: INCIDENT_ID, seq: 7 })).toEqual({ incidentId: INCIDENT_ID, seq: 7 });
    expect(checkMessage('session:ended', { reason: 'revoked', message: 'm' })).toEqual({ reason: 'revoked', message: 'm' });
    expect(warn).not.toHaveBeenCalled();
    expect(checkMessage('incident:events', { incidentId: INCIDENT_ID, events: [{ ...events[0], ts: 'today' }] })).toBeNull();
    expect(checkMessage('incidents:changed', { incidentId: INCIDENT_ID, seq: -1 })).toBeNull();
    expect(checkMessage('session:ended', { reason: 'because', message: 'm' })).toBeNull();
    expect(checkMessage('display:revoked', 'revoked')).toBeNull();
    expect(warn).toHaveBeenCalledTimes(4);
    expect(String(warn.mock.calls[0][0])).toMatch(/incident:events/);
  });
});
