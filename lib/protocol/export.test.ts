import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../domain/errors';
import { DEFAULT_AGENCIES } from '../domain/agencies';
import type { IncidentEvent } from '../domain/incident/events';
import { INCIDENT_ID, opened, sequence, taskCreated } from '../domain/incident/fixtures';
import { LIMITS } from '../domain/limits';
import { IMPORT_CLOCK_SKEW_MS, LOG_FORMAT, parseIncidentLog, utf8Length } from './export';
import type { ReviewEntry } from './review';

const KNOWN = new Set(DEFAULT_AGENCIES.map((a) => a.code));

// SPEC REV5: the import's explicit limits, checked before any line is parsed.
describe('parseIncidentLog limits (REV5)', () => {
  it('refuses more lines than LIMITS.importEvents + LIMITS.reviewEntries with PAYLOAD_TOO_LARGE, before the header is read', () => {
    const r = parseIncidentLog('{}\n' + '{}\n'.repeat(LIMITS.importEvents + LIMITS.reviewEntries + 1));
    expect('code' in r && r.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });

  it('refuses a header of more events than LIMITS.importEvents, or more review entries than LIMITS.reviewEntries, with PAYLOAD_TOO_LARGE', () => {
    const h = { format: LOG_FORMAT, version: 2, exportedAt: 1, exportedBy: { userId: 'u', name: 'x', role: 'admin' }, incidentId: INCIDENT_ID, headSeq: LIMITS.importEvents + 1, reviewHeadSeq: 0, agencies: [] };
    const r = parseIncidentLog(JSON.stringify(h) + '\n{}\n');
    expect('code' in r && r.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
    const review = parseIncidentLog(JSON.stringify({ ...h, headSeq: 1, reviewHeadSeq: LIMITS.reviewEntries + 1 }) + '\n{}\n');
    expect('code' in review && [review.code, review.message]).toEqual([ErrorCode.PAYLOAD_TOO_LARGE, `The log has over ${LIMITS.reviewEntries} review entries.`]);
  });

  it('refuses a version 1 log (every line an event) of more event lines than LIMITS.importEvents with PAYLOAD_TOO_LARGE, before its lines are read', () => {
    const h = { format: LOG_FORMAT, version: 1, exportedAt: 1, exportedBy: { userId: 'u', name: 'x', role: 'admin' }, incidentId: INCIDENT_ID, headSeq: 1, agencies: [] };
    const r = parseIncidentLog(JSON.stringify(h) + '\n' + '{}\n'.repeat(LIMITS.importEvents + 1));
    expect('code' in r && [r.code, r.message]).toEqual([ErrorCode.PAYLOAD_TOO_LARGE, `The log has over ${LIMITS.importEvents} events.`]);
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

// SPEC REV5 (format version 2): the review log travels with its incident, checked line by line and entry by entry before anything is written.
describe('parseIncidentLog: the review log (REV5, version 2)', () => {
  const NOW = Date.UTC(2026, 3, 1, 9, 30);
  const TASK = '00000000-0000-4000-8000-0000000000a1';
  const F1 = '00000000-0000-4000-8000-0000000000f1';
  const I1 = '00000000-0000-4000-8000-0000000000b1';
  const S1 = '00000000-0000-4000-8000-0000000000c1';
  const observer = { userId: 'u-obs', name: 'Observer Zhao', agency: null, role: 'observer' as const };
  const events = sequence([opened(), taskCreated(TASK)], { startTs: NOW - 3_600_000 });
  const t = NOW - 600_000;
  const entries = (): ReviewEntry[] => [
    { seq: 1, ts: t, type: 'FindingAdded', id: F1, incidentId: INCIDENT_ID, actor: observer, finding: { atSeq: 2, atTs: events[1].ts, ref: { kind: 'task', taskId: TASK }, verdict: 'improvement', text: 'Acknowledged late' } },
    { seq: 2, ts: t + 1000, type: 'ImprovementAdded', id: I1, incidentId: INCIDENT_ID, actor: observer, item: { findingId: F1, action: 'Name a duty officer', agency: 'medical', dueDate: '2027-03-31' } },
    { seq: 3, ts: t + 2000, type: 'ImprovementStatusChanged', id: S1, incidentId: INCIDENT_ID, actor: observer, itemId: I1, from: 'open', to: 'in_progress' },
  ];
  const MEDICAL = DEFAULT_AGENCIES.find((a) => a.code === 'medical')!;
  function log(review: readonly object[], header: Record<string, unknown> = {}): string {
    const h = { format: LOG_FORMAT, version: 2, exportedAt: NOW, exportedBy: { userId: 'u-x', name: 'x', role: 'admin' }, incidentId: INCIDENT_ID, headSeq: events.length, reviewHeadSeq: review.length, agencies: [MEDICAL], ...header };
    return [h, ...events, ...review].map((x) => JSON.stringify(x)).join('\n') + '\n';
  }
  const KNOWN_HERE = new Set(['fire', 'customs', 'port']);
  const parse = (text: string) => parseIncidentLog(text, KNOWN_HERE, NOW);
  const refusal = (text: string) => {
    const r = parse(text);
    return 'code' in r ? { code: r.code, message: r.message, details: r.details } : null;
  };

  it('reads the events, then the review entries exactly as written (key order kept)', () => {
    const r = parse(log(entries()));
    if ('code' in r) throw new Error(r.message);
    expect(r.events).toEqual(events);
    expect(r.review).toEqual(entries());
    expect(r.reviewRaw.map((e) => Object.keys(e))).toEqual(entries().map((e) => Object.keys(e)));
    expect(r.header).toMatchObject({ version: 2, headSeq: 2, reviewHeadSeq: 3 });
  });

  it('still reads version 1 (events only, no reviewHeadSeq); each version refuses the other\'s header', () => {
    const v1 = [{ format: LOG_FORMAT, version: 1, exportedAt: NOW, exportedBy: { userId: 'u-x', name: 'x', role: 'admin' }, incidentId: INCIDENT_ID, headSeq: 2, agencies: [] }, ...events]
      .map((x) => JSON.stringify(x))
      .join('\n');
    const r = parse(v1);
    expect('code' in r ? r.message : r.review).toEqual([]);
    expect(refusal(log([], { version: 1 }))?.details).toMatchObject({ line: 1, issues: [{ path: 'reviewHeadSeq' }] });
    expect(refusal(log([], { reviewHeadSeq: undefined }))?.details).toMatchObject({ line: 1, issues: [{ path: 'reviewHeadSeq' }] });
    expect(refusal(log([], { version: 3 }))?.message).toMatch(/Unknown log format version 3; this installation reads version 1, 2/);
  });

  it('refuses a review part of another length than the header says', () => {
    expect(refusal(log(entries(), { reviewHeadSeq: 2 }))).toMatchObject({ code: ErrorCode.BAD_REQUEST, details: { headSeq: 2, reviewHeadSeq: 2, lines: 5 } });
    expect(refusal(log(entries(), { reviewHeadSeq: 4 }))?.code).toBe(ErrorCode.BAD_REQUEST);
  });

  it('refuses a review line that is not an entry (unknown field, untrimmed text, an event), naming the line', () => {
    const [f, ...rest] = entries();
    expect(refusal(log([{ ...f, extra: 1 }, ...rest]))).toMatchObject({ code: ErrorCode.BAD_REQUEST, details: { line: 4 } });
    expect(refusal(log([{ ...f, finding: { ...f.type === 'FindingAdded' && f.finding, text: ' padded' } }, ...rest]))?.details).toMatchObject({ line: 4 });
    expect(refusal(log([events[0]]))?.message).toBe('Line 4 is not a valid review entry.');
  });

  it('refuses a review seq gap, another incident, ts going back or past the clock, a repeated entry id, naming the line and review seq', () => {
    const e = entries();
    expect(refusal(log([e[0], { ...e[1], seq: 3 }]))?.details).toEqual({ line: 5, reviewSeq: 3 });
    expect(refusal(log([e[0], { ...e[1], incidentId: '00000000-0000-4000-8000-000000000002' }]))?.message).toMatch(/^Line 5 belongs to another incident/);
    expect(refusal(log([e[0], { ...e[1], ts: e[0].ts - 1 }]))?.details).toEqual({ line: 5, reviewSeq: 2 });
    expect(refusal(log([e[0], { ...e[1], ts: NOW + IMPORT_CLOCK_SKEW_MS + 1 }]))?.details).toEqual({ line: 5, reviewSeq: 2 });
    expect(refusal(log([e[0], { ...e[1], id: F1 }]))?.message).toMatch(/repeats review entry id/);
  });

  it("refuses an item's agency neither here nor in the header", () => {
    const r = refusal(log(entries(), { agencies: [] }));
    expect(r).toMatchObject({ code: ErrorCode.BAD_REQUEST, details: { agencies: ['medical'] } });
  });

  it('refuses a header listing agencies its log never names (an export lists only those; the import would create them all here)', () => {
    const made = { code: 'made-up', nameZh: '虚构', nameEn: 'Made up', short: 'MU', color: '#123456' };
    const r = refusal(log(entries(), { agencies: [MEDICAL, made] }));
    expect(r).toMatchObject({ code: ErrorCode.BAD_REQUEST, message: 'The header lists agencies its log never names: made-up.', details: { agencies: ['made-up'] } });
  });

  it('refuses an entry a live review could not have written, naming its line (after the events) and review seq', () => {
    const e = entries();
    const r = refusal(log([e[0], e[1], { ...e[2], from: 'done' }]));
    expect(r?.details).toEqual({ line: 6, reviewSeq: 3 });
    expect(r?.message).toContain('Line 6, review seq 3: item');
    // A finding about the task at a moment before the task was created.
    expect(refusal(log([{ ...e[0], finding: { ...(e[0].type === 'FindingAdded' && e[0].finding), atSeq: 1, atTs: events[0].ts } }], { agencies: [] }))?.details).toEqual({ line: 4, reviewSeq: 1 });
  });
});
