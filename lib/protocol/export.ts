import { z } from 'zod';
import { Role } from '../domain/actor';
import { Agency } from '../domain/agencies';
import { domainError, ErrorCode, type DomainError } from '../domain/errors';
import { agenciesOf } from '../domain/incident/event-kind';
import { IncidentEventSchema } from '../domain/incident/event-schema';
import type { IncidentEvent } from '../domain/incident/events';
import { replay } from '../domain/incident/evolve';
import { logRuleBreak } from '../domain/incident/log-rules';
import { LIMITS } from '../domain/limits';
import { reviewLogBreak } from '../domain/review';
import { ReviewEntrySchema, type ReviewEntry } from './review';
import { CommandEnvelope } from './socket';

/**
 * The portable incident log (SPEC REV5): JSON Lines, UTF-8, one JSON object per
 * line. Line 1 is the header, then one stored event per line in seq order,
 * exactly as stored (id, seq, ts, commandId, actor, type, payload, incidentId),
 * then (version 2) the incident's review log (SPEC REV3): one stored entry per
 * line in review seq order, exactly as stored (seq, ts, type, id, incidentId,
 * actor, …). The header says how many of each (headSeq, reviewHeadSeq).
 * Another Portline installation imports it (POST /api/incidents/import) and
 * replays it to identical states at every seq, with the same findings and plan.
 * Version 1 (events only, no reviewHeadSeq) is still read.
 */
export const LOG_FORMAT = 'portline-incident-log';
export const LOG_FORMAT_VERSION = 2;
/** The versions this installation can import. */
export const IMPORTABLE_VERSIONS = [1, LOG_FORMAT_VERSION] as const;
/**
 * How far past the importing server's clock a log's times may be (ms): an event
 * dated later would hold the incident's clock there (the stores stamp a live
 * event with max(now, the last ts)), so an import with one is refused.
 */
export const IMPORT_CLOCK_SKEW_MS = 5 * 60_000;
/** An incident id as live commands, joins and wall screens take it (a uuid): any other could never be joined or commanded. */
const IncidentId = CommandEnvelope.shape.incidentId;

export const ExportHeader = z
  .strictObject({
    format: z.literal(LOG_FORMAT),
    version: z.literal(IMPORTABLE_VERSIONS),
    /** Epoch ms on the exporting server. */
    exportedAt: z.number().int().min(0),
    /** Who exported it (an account of the exporting installation). */
    exportedBy: z.strictObject({ userId: z.string().min(1).max(100), name: z.string().max(LIMITS.name), role: Role }),
    incidentId: IncidentId,
    /** The seq of the last event line: the log has exactly this many events. */
    headSeq: z.number().int().min(1),
    /** Version 2: the review log's head, the number of review lines after the events (0: none). Not in version 1. */
    reviewHeadSeq: z.number().int().min(0).optional(),
    /** The directory entries of every agency the log refers to (so an installation without them can create them). */
    agencies: z.array(Agency).max(200),
  })
  .refine((h) => (h.version === 1) === (h.reviewHeadSeq === undefined), {
    path: ['reviewHeadSeq'],
    message: 'version 2 has reviewHeadSeq; version 1 has none',
  });
export type ExportHeader = z.infer<typeof ExportHeader>;

/** POST /api/incidents/import: the file's text as one JSON string (keeps the request JSON, SPEC AUTH11). */
export const ImportRequest = z.strictObject({
  // No .max here: the body limit bounds it, and parseIncidentLog answers PAYLOAD_TOO_LARGE over importBytes.
  jsonl: z.string().min(1),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

/** POST /api/incidents/import → 201 ok + this. */
export interface ImportResult {
  incidentId: string;
  headSeq: number;
  /** The review entries imported with it (0 from a version 1 log). */
  reviewHeadSeq: number;
  /** Agency codes that did not exist here and were created from the header. */
  agenciesCreated: string[];
}

/** One header line as written (key order fixed, for people reading the file). */
export function headerLine(h: ExportHeader): string {
  return JSON.stringify({
    format: h.format,
    version: h.version,
    exportedAt: h.exportedAt,
    exportedBy: h.exportedBy,
    incidentId: h.incidentId,
    headSeq: h.headSeq,
    ...(h.reviewHeadSeq === undefined ? {} : { reviewHeadSeq: h.reviewHeadSeq }),
    agencies: h.agencies,
  });
}

/** Every agency code a log refers to: the incident's (as opened and as changed), and every one an event concerns. */
export function agencyCodesOf(events: readonly IncidentEvent[]): string[] {
  const out = new Set<string>();
  // A task's agency comes from its TaskCreated / TaskReassigned, so no state is needed here.
  const noTasks = { tasks: {} };
  for (const ev of events) {
    for (const a of agenciesOf(ev, noTasks)) out.add(a);
    if (ev.type === 'IncidentOpened') ev.payload.agencies.forEach((a) => out.add(a));
    if (ev.type === 'IncidentUpdated' && ev.payload.agencies) [...ev.payload.agencies.from, ...ev.payload.agencies.to].forEach((a) => out.add(a));
  }
  return [...out].sort();
}

/** Every agency code a review log refers to: its items' owners and its findings' agency refs. */
export function reviewAgencyCodesOf(entries: readonly ReviewEntry[]): string[] {
  const out = new Set<string>();
  for (const e of entries) {
    if (e.type === 'ImprovementAdded') out.add(e.item.agency);
    else if (e.type === 'FindingAdded' && e.finding.ref?.kind === 'agency') out.add(e.finding.ref.agency);
  }
  return [...out].sort();
}

export interface ParsedLog {
  header: ExportHeader;
  events: IncidentEvent[];
  /** Each event's JSON as it came (key order kept): what the store writes. */
  raw: Array<Record<string, unknown>>;
  /** The review log (empty from a version 1 log). */
  review: ReviewEntry[];
  /** Each review entry's JSON as it came (key order kept). */
  reviewRaw: Array<Record<string, unknown>>;
}

const bad = (message: string, details?: Record<string, unknown>): DomainError => domainError(ErrorCode.BAD_REQUEST, message, details);

function parseLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bad(`Line ${line} is not valid JSON.`, { line });
  }
}

function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/**
 * Checks a whole log before anything is written (SPEC REV5): the header (an
 * unknown version is refused by number), every event line against the event
 * schema, one incident id, seq 1..n without gaps, ts never decreasing, unique
 * event ids, the header's headSeq, agencies in the header for every code the
 * log uses (unless `knownAgencies` has it), that the log folds with replay(),
 * and that a live incident could have written it, event by event (logRuleBreak:
 * the command schema and decide's rules at each state, every `from` the
 * state's value). The incident id is a uuid (the header's; every event's must
 * equal it), and no time (exportedAt, any event's ts) is later than `now` plus
 * IMPORT_CLOCK_SKEW_MS.
 * Returns the parsed log or a typed BAD_REQUEST / PAYLOAD_TOO_LARGE.
 */
export function parseIncidentLog(jsonl: string, knownAgencies: ReadonlySet<string> = new Set(), now: number = Date.now()): ParsedLog | DomainError {
  try {
    return parseOrThrowLog(jsonl, knownAgencies, now);
  } catch (err) {
    if (err && typeof err === 'object' && 'code' in err && 'message' in err) return err as DomainError;
    throw err;
  }
}

/** UTF-8 byte length without allocating (this module also runs in the browser). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** How a section of lines (the events, the review entries) names its parts in a refusal; the messages differ only in these words. */
interface SectionWords {
  /** "a valid event" */
  valid: string;
  /** "seq", "review seq": in the messages. */
  seq: string;
  /** The details' key of a line's seq. */
  key: 'seq' | 'reviewSeq';
  gap: string;
  back: string;
  /** After the clock: why it matters. */
  clock: string;
  id: string;
}
const EVENT_LINES: SectionWords = {
  valid: 'a valid event',
  seq: 'seq',
  key: 'seq',
  gap: 'the log must have seq 1..n without gaps',
  back: 'ts goes back in time',
  clock: "; the incident's clock would stop there",
  id: 'event id',
};
const REVIEW_LINES: SectionWords = {
  valid: 'a valid review entry',
  seq: 'review seq',
  key: 'reviewSeq',
  gap: 'the review log must have seq 1..m without gaps',
  back: "the review entry's ts goes back in time",
  clock: '',
  id: 'review entry id',
};

/**
 * Lines first..last (0-based, after the header) of one section, each parsed with `schema` and
 * checked as a stored log's part must be: not empty, of the header's incident, seq 1, 2, … along the
 * section, ts never decreasing and not past the clock's skew, ids unique. Throws the typed refusal
 * naming the line; returns the parsed items and each line's JSON as it came (key order kept).
 */
function readSection<T extends { seq: number; ts: number; id: string; incidentId: string }>(
  section: { lines: readonly string[]; incidentId: string; latest: number; when: (ms: number) => string },
  first: number,
  last: number,
  schema: z.ZodType<T>,
  w: SectionWords,
): { items: T[]; raw: Array<Record<string, unknown>> } {
  const items: T[] = [];
  const raw: Array<Record<string, unknown>> = [];
  const ids = new Set<string>();
  for (let i = first; i <= last; i++) {
    const line = i + 1;
    const expected = i - first + 1;
    if (section.lines[i].trim() === '') throw bad(`Line ${line} is empty.`, { line });
    const value = parseLine(section.lines[i], line);
    const r = schema.safeParse(value);
    if (!r.success) throw bad(`Line ${line} is not ${w.valid}.`, { line, issues: issuesOf(r.error) });
    const item = r.data;
    if (item.incidentId !== section.incidentId) throw bad(`Line ${line} belongs to another incident (${item.incidentId}).`, { line });
    const at = { line, [w.key]: item.seq };
    if (item.seq !== expected) throw bad(`Line ${line} has ${w.seq} ${item.seq}; expected ${expected} (${w.gap}).`, at);
    const prev = items[items.length - 1];
    if (prev && item.ts < prev.ts) throw bad(`Line ${line}: ${w.back}.`, at);
    if (item.ts > section.latest) throw bad(`Line ${line}, ${w.seq} ${item.seq}: ts ${section.when(item.ts)}${w.clock}.`, at);
    if (ids.has(item.id)) throw bad(`Line ${line} repeats ${w.id} ${item.id}.`, at);
    ids.add(item.id);
    items.push(item);
    raw.push(value as Record<string, unknown>);
  }
  return { items, raw };
}

function parseOrThrowLog(jsonl: string, knownAgencies: ReadonlySet<string>, now: number): ParsedLog {
  if (utf8Length(jsonl) > LIMITS.importBytes)
    throw domainError(ErrorCode.PAYLOAD_TOO_LARGE, `The log is over ${LIMITS.importBytes} bytes.`, { limit: LIMITS.importBytes });
  const text = jsonl.charCodeAt(0) === 0xfeff ? jsonl.slice(1) : jsonl;
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw bad('The log is empty.');
  const maxLines = LIMITS.importEvents + LIMITS.reviewEntries;
  if (lines.length - 1 > maxLines)
    throw domainError(ErrorCode.PAYLOAD_TOO_LARGE, `The log has over ${maxLines} lines after its header.`, { limit: maxLines });

  const rawHeader = parseLine(lines[0], 1);
  const h = rawHeader as { format?: unknown; version?: unknown } | null;
  if (!h || typeof h !== 'object' || h.format !== LOG_FORMAT) throw bad(`Line 1 is not a ${LOG_FORMAT} header.`, { line: 1 });
  if (typeof h.version !== 'number' || !(IMPORTABLE_VERSIONS as readonly number[]).includes(h.version))
    throw bad(`Unknown log format version ${JSON.stringify(h.version)}; this installation reads version ${IMPORTABLE_VERSIONS.join(', ')}.`, {
      version: h.version ?? null,
    });
  const hp = ExportHeader.safeParse(rawHeader);
  if (!hp.success) throw bad('The header (line 1) is not valid.', { line: 1, issues: issuesOf(hp.error) });
  const header = hp.data;
  // Version 1 has no review part: every line after the header is an event (counted against headSeq below).
  const eventLines = header.version === 1 ? lines.length - 1 : header.headSeq;
  if (header.headSeq > LIMITS.importEvents || eventLines > LIMITS.importEvents)
    throw domainError(ErrorCode.PAYLOAD_TOO_LARGE, `The log has over ${LIMITS.importEvents} events.`, { limit: LIMITS.importEvents });
  const reviewHeadSeq = header.reviewHeadSeq ?? 0;
  if (reviewHeadSeq > LIMITS.reviewEntries)
    throw domainError(ErrorCode.PAYLOAD_TOO_LARGE, `The log has over ${LIMITS.reviewEntries} review entries.`, { limit: LIMITS.reviewEntries });
  if (header.version !== 1 && lines.length - 1 !== header.headSeq + reviewHeadSeq)
    throw bad(`The header says ${header.headSeq} events and ${reviewHeadSeq} review entries; the log has ${lines.length - 1} lines after it.`, {
      headSeq: header.headSeq,
      reviewHeadSeq,
      lines: lines.length - 1,
    });
  const latest = now + IMPORT_CLOCK_SKEW_MS;
  const when = (ms: number) => new Date(ms).toISOString();
  if (header.exportedAt > latest)
    throw bad(`The header's exportedAt (${when(header.exportedAt)}) is later than this server's clock (${when(now)}).`, { line: 1 });

  const section = { lines, incidentId: header.incidentId, latest, when: (ms: number) => `${when(ms)} is later than this server's clock (${when(now)})` };
  const { items: events, raw } = readSection(section, 1, eventLines, IncidentEventSchema, EVENT_LINES);
  if (events.length === 0) throw bad('The log has no events.');
  if (events.length !== header.headSeq)
    throw bad(`The header says ${header.headSeq} events; the log has ${events.length}.`, { headSeq: header.headSeq, events: events.length });
  const { items: review, raw: reviewRaw } = readSection(section, 1 + eventLines, lines.length - 1, ReviewEntrySchema, REVIEW_LINES);

  const inHeader = new Set(header.agencies.map((a) => a.code));
  const named = new Set([...agencyCodesOf(events), ...reviewAgencyCodesOf(review)]);
  const missing = [...named].sort().filter((c) => !inHeader.has(c) && !knownAgencies.has(c));
  if (missing.length > 0) throw bad(`The log refers to agencies neither here nor in its header: ${missing.join(', ')}.`, { agencies: missing });
  // An export's header lists the agencies its log names, no others: one naming more (a hand-edited
  // file) would have them all created in this directory by the import.
  const unnamed = header.agencies.map((a) => a.code).filter((c) => !named.has(c));
  if (unnamed.length > 0) throw bad(`The header lists agencies its log never names: ${unnamed.join(', ')}.`, { agencies: unnamed });

  try {
    replay(events);
  } catch (err) {
    throw bad(`The log does not replay: ${err instanceof Error ? err.message : String(err)}.`);
  }
  const broken = logRuleBreak(events);
  if (broken)
    throw bad(`Line ${broken.seq + 1}, ${broken.message}; a live incident could not have written this log.`, { line: broken.seq + 1, seq: broken.seq });
  const reviewBroken = reviewLogBreak(review, events);
  if (reviewBroken) {
    const line = 1 + eventLines + reviewBroken.seq;
    throw bad(`Line ${line}, ${reviewBroken.message}; a live review could not have written this log.`, { line, reviewSeq: reviewBroken.seq });
  }
  return { header, events, raw, review, reviewRaw };
}
