import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../domain/errors';
import { DEFAULT_AGENCIES } from '../domain/agencies';
import type { IncidentEvent } from '../domain/incident/events';
import { opened, sequence, taskCreated } from '../domain/incident/fixtures';
import { LIMITS } from '../domain/limits';
import { IMPORT_CLOCK_SKEW_MS, LOG_FORMAT, parseIncidentLog, utf8Length } from './export';

const KNOWN = new Set(DEFAULT_AGENCIES.map((a) => a.code));

// SPEC REV5: the import's explicit limits, checked before any line is parsed.
describe('parseIncidentLog limits (REV5)', () => {
  it('refuses more events than LIMITS.importEvents with PAYLOAD_TOO_LARGE', () => {
    const r = parseIncidentLog('{}\n' + '{}\n'.repeat(LIMITS.importEvents + 1));
    expect('code' in r && r.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });

  it('refuses more bytes than LIMITS.importBytes with PAYLOAD_TOO_LARGE', () => {
    const r = parseIncidentLog('x'.repeat(LIMITS.importBytes + 1));
    expect('code' in r && r.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });

  it('an empty log or a missing header is BAD_REQUEST', () => {
    for (const text of ['\n\n', '{"format":"other"}\n']) {
      const r = parseIncidentLog(text);
      expect('code' in r && r.code).toBe(ErrorCode.BAD_REQUEST);
    }
  });

  it('counts UTF-8 bytes (Chinese 3, emoji 4)', () => {
    expect(utf8Length('a海🚢')).toBe(1 + 3 + 4);
  });
});

// SPEC REV5: an import never writes an incident a live one could not be: its id is a uuid, and none of its times is ahead of this server's clock.
describe('parseIncidentLog: incident id and times (REV5)', () => {
  const NOW = Date.UTC(2026, 3, 1, 9, 30);
  const TASK = '00000000-0000-4000-8000-0000000000a1';
  function log(events: IncidentEvent[], header: Record<string, unknown> = {}): string {
    const h = { format: LOG_FORMAT, version: 1, exportedAt: NOW, exportedBy: { userId: 'u-x', name: 'x', role: 'admin' }, incidentId: events[0].incidentId, headSeq: events.length, agencies: [], ...header };
    return [h, ...events].map((x) => JSON.stringify(x)).join('\n') + '\n';
  }
  const events = (opts: { incidentId?: string; startTs?: number } = {}) =>
    sequence([opened(), taskCreated(TASK), { type: 'PhaseChanged', payload: { from: 'response', to: 'containment' } }], { startTs: NOW - 3_600_000, ...opts });
  const refusal = (text: string, now = NOW) => {
    const r = parseIncidentLog(text, KNOWN, now);
    return 'code' in r ? { code: r.code, message: r.message, details: r.details } : null;
  };

  it('accepts a log of a uuid incident dated before now', () => {
    expect(refusal(log(events()))).toBeNull();
  });

  it("refuses an incident id that is not a uuid (it could never be joined or commanded): the header's, and so every event's", () => {
    const r = refusal(log(events({ incidentId: 'drill-1' })));
    expect(r?.code).toBe(ErrorCode.BAD_REQUEST);
    expect(r?.message).toContain('header (line 1)');
    expect(r?.details).toMatchObject({ line: 1, issues: [{ path: 'incidentId' }] });
    // A uuid header with a non-uuid event id still names the line (one incident id).
    const mixed = events();
    mixed[1] = { ...mixed[1], incidentId: 'drill-1' };
    expect(refusal(log(mixed))?.details).toMatchObject({ line: 3 });
  });

  it(`refuses an event dated past this server's clock plus ${IMPORT_CLOCK_SKEW_MS / 60_000} minutes, naming its seq (it would stop the incident's clock)`, () => {
    const e = events();
    const last = e[e.length - 1];
    const far = [...e.slice(0, -1), { ...last, ts: Date.UTC(2099, 0, 1) }];
    const r = refusal(log(far));
    expect(r?.code).toBe(ErrorCode.BAD_REQUEST);
    expect(r?.message).toContain(`seq ${last.seq}: ts 2099-01-01T00:00:00.000Z is later than this server's clock`);
    expect(r?.details).toEqual({ line: last.seq + 1, seq: last.seq });
    // The skew is allowed (clocks differ a little), not a moment more.
    expect(refusal(log([...e.slice(0, -1), { ...last, ts: NOW + IMPORT_CLOCK_SKEW_MS }]))).toBeNull();
    expect(refusal(log([...e.slice(0, -1), { ...last, ts: NOW + IMPORT_CLOCK_SKEW_MS + 1 }]))?.details).toEqual({ line: last.seq + 1, seq: last.seq });
  });

  it("refuses a header exported after this server's now", () => {
    const r = refusal(log(events(), { exportedAt: NOW + IMPORT_CLOCK_SKEW_MS + 1 }));
    expect(r?.code).toBe(ErrorCode.BAD_REQUEST);
    expect(r?.message).toContain('exportedAt');
  });

  it("refuses a task title '' or '   ' (the live command's rule), naming the seq", () => {
    for (const title of ['', '   ']) {
      const e = events();
      const t = e[1] as Extract<IncidentEvent, { type: 'TaskCreated' }>;
      e[1] = { ...t, payload: { ...t.payload, title } };
      const r = refusal(log(e));
      expect(r?.code).toBe(ErrorCode.BAD_REQUEST);
      expect(r?.message).toContain(`Line 3, seq 2: TaskCreated of task ${TASK}: the event has title '${title}'`);
    }
  });
});
