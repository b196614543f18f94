import { createTranslator } from 'next-intl';
import { z } from 'zod';
import type { Agency } from '../../lib/domain/agencies';
import { ErrorCode, type DomainError } from '../../lib/domain/errors';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { LIMITS } from '../../lib/domain/limits';
import { CSV_CONTENT_TYPE } from '../../lib/csv';
import { agencyNamer, colonOf, type Translate } from '../../lib/exports/describe-event';
import { canonicalTimeZone, localStamp, serverTimeZone, timelineCsv } from '../../lib/exports/timeline-csv';
import { LOCALES } from '../../lib/i18n/locales';
import { loadMessages } from '../../lib/i18n/messages';
import {
  agencyCodesOf,
  headerLine,
  ImportRequest,
  LOG_FORMAT,
  LOG_FORMAT_VERSION,
  parseIncidentLog,
  reviewAgencyCodesOf,
  type ImportResult,
} from '../../lib/protocol/export';
import type { Services } from '../services';
import type { ReviewEntry } from '../../lib/protocol/review';
import type { ImportLogResult } from '../store/import-log';
import { StoreUnavailableError } from '../store/types';
import { agenciesChanged } from './routes-admin';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import type { Route, RouteContext } from './router';
import { authorizeReviewOrThrow, readableHub } from './routes-incidents';
import { fileStem } from '../../lib/exports/file-stem';
import { findingsCsv, planCsv } from '../../lib/exports/review-csv';
import { readReviewLog, reviewView } from './routes-review';

/**
 * Exports and import (SPEC REV5, issue #5): the incident log as JSON Lines, the
 * timeline, the findings and the improvement plan as CSV, and an admin's import of a log
 * from another installation.
 */

/** The incident's hub after the permission check (FORBIDDEN before NOT_FOUND: no probing). */
async function exportableHub(ctx: RouteContext) {
  const actor = authorizeReviewOrThrow(ctx.principal, 'Export');
  return { hub: await readableHub(ctx), actor };
}

/** The log from seq 1 to `headSeq`, page by page (`jsonPagesOf`, parsed), so a long incident never sits in memory whole. */
async function* pagesOf(services: Services, incidentId: string, headSeq: number): AsyncGenerator<IncidentEvent[]> {
  for await (const page of jsonPagesOf(services, incidentId, headSeq)) yield page.map((json) => JSON.parse(json) as IncidentEvent);
}

/** The same pages as the store's JSON text of each event (readJson; the log has no gaps, SEQ1). */
async function* jsonPagesOf(services: Services, incidentId: string, headSeq: number): AsyncGenerator<string[]> {
  for (let from = 1; from <= headSeq; ) {
    const page = await services.store.events.readJson(incidentId, from, Math.min(LIMITS.eventsPage, headSeq - from + 1));
    if (page.length === 0) return;
    yield page;
    from += page.length;
  }
}

/** The query of the CSV exports (timeline and tasks): their language, and the zone of their local times. */
const CsvQuery = z.strictObject({
  lang: z.enum(LOCALES).default('zh-CN'),
  /**
   * IANA zone of the local times (the browser sends its own), as the runtime names it: any
   * capitalisation is the same zone, and the canonical name is what the headings, the file
   * name and localStamp's formatters get (one per zone, not one per spelling).
   */
  tz: z
    .string()
    .max(64)
    .transform((tz, ctx) => canonicalTimeZone(tz) ?? (ctx.addIssue({ code: 'custom', message: 'not a known time zone' }), z.NEVER))
    .optional(),
});

/** What a CSV export writes its words and times with, from its query (BAD_REQUEST for an unknown language or zone). */
export async function csvWords(ctx: RouteContext): Promise<{ lang: (typeof LOCALES)[number]; t: Translate; agencyName: (code: string) => string; timeZone: string }> {
  const q = parseOrThrow(CsvQuery, Object.fromEntries(ctx.query));
  const t = createTranslator({ locale: q.lang, messages: await loadMessages(q.lang) }) as unknown as Translate;
  return { lang: q.lang, t, agencyName: agencyNamer(await ctx.services.agencies.list(), q.lang), timeZone: q.tz ?? serverTimeZone() };
}

/**
 * A CSV export's answer: `<title>-<opening date>-<kind>-<lang>.csv` (the date in the export's zone),
 * as an attachment. The one shape of the timeline, tasks, findings and improvement-plan CSVs.
 */
export function csvFile(state: { title: string; openedAt: number }, incidentId: string, words: { lang: string; timeZone: string }, kind: string, content: string | AsyncIterable<string>) {
  return {
    file: { contentType: CSV_CONTENT_TYPE, filename: `${fileStem(state.title, state.openedAt, incidentId, words.timeZone)}-${kind}-${words.lang}.csv`, content },
  };
}

export const exportRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/incidents/:id/export/log.jsonl',
    async handle(ctx) {
      const { hub, actor: principal } = await exportableHub(ctx);
      const { services } = ctx;
      const id = hub.id;
      // The review log before the events' head: every finding's moment is then within the events exported
      // (a finding is written only at an event the log has), so the file always imports.
      const review = await readReviewLog(services, id);
      const headSeq = Math.max(hub.seq, await services.store.events.head(id));
      // First pass: which agencies the log refers to (the header comes first). Second pass streams the
      // lines as stored: each is the event's JSON (what import writes back verbatim), not parsed again.
      const codes = new Set<string>(reviewAgencyCodesOf(review));
      for await (const page of pagesOf(services, id, headSeq)) agencyCodesOf(page).forEach((c) => codes.add(c));
      const directory = await services.store.accounts.listAgencies();
      const header = headerLine({
        format: LOG_FORMAT,
        version: LOG_FORMAT_VERSION,
        exportedAt: Date.now(),
        exportedBy: { userId: principal.userId, name: principal.name, role: principal.role },
        incidentId: id,
        headSeq,
        reviewHeadSeq: review.length,
        agencies: directory.filter((a) => codes.has(a.code)),
      });
      async function* lines(): AsyncGenerator<string> {
        yield header + '\n';
        for await (const page of jsonPagesOf(services, id, headSeq)) yield page.join('\n') + '\n';
        // Each entry as stored (seq, ts, then the entry as written: JSON.parse keeps the key order).
        if (review.length > 0) yield review.map((e) => JSON.stringify(e)).join('\n') + '\n';
      }
      return {
        file: {
          contentType: 'application/x-ndjson; charset=utf-8',
          filename: `${fileStem(hub.state!.title, hub.state!.openedAt, id, serverTimeZone())}.portline.jsonl`,
          content: lines(),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/incidents/:id/export/timeline.csv',
    async handle(ctx) {
      const { hub } = await exportableHub(ctx);
      const words = await csvWords(ctx);
      const { lang, t, agencyName, timeZone } = words;
      const dateTime = (ms: number) => localStamp(ms, timeZone).slice(0, 16);
      return csvFile(hub.state!, hub.id, words, 'timeline', timelineCsv(pagesOf(ctx.services, hub.id, hub.seq), { t, agencyName, dateTime, timeZone, colon: colonOf(lang) }));
    },
  },
  {
    method: 'GET',
    path: '/api/incidents/:id/export/findings.csv',
    async handle(ctx) {
      const { hub } = await exportableHub(ctx);
      const words = await csvWords(ctx);
      const state = hub.state!;
      const incident = { openedAt: state.openedAt, taskTitle: (taskId: string) => state.tasks[taskId]?.title ?? null };
      return csvFile(state, hub.id, words, 'findings', findingsCsv(await reviewView(ctx.services, hub.id), incident, words));
    },
  },
  {
    method: 'GET',
    path: '/api/incidents/:id/export/improvement-plan.csv',
    async handle(ctx) {
      const { hub } = await exportableHub(ctx);
      const words = await csvWords(ctx);
      return csvFile(hub.state!, hub.id, words, 'improvement-plan', planCsv(await reviewView(ctx.services, hub.id), words));
    },
  },
  {
    method: 'POST',
    path: '/api/incidents/import',
    bodyLimit: LIMITS.importBodyBytes,
    async handle({ services, principal, body, auth, req, log }) {
      // Before the body is read: a non-admin's upload is never parsed.
      authorizeReviewOrThrow(principal, 'ImportLog');
      const { jsonl } = parseOrThrow(ImportRequest, await body());
      const directory = await services.store.accounts.listAgencies();
      const known = new Set(directory.map((a) => a.code));
      const parsed = parseIncidentLog(jsonl, known, Date.now());
      if ('code' in parsed) throw new HttpError(parsed as DomainError);
      const { header, raw, reviewRaw } = parsed;
      const created: Agency[] = [];
      const createdNote = () => (created.length > 0 ? ` Agencies created from its header: ${created.map((a) => a.code).join(', ')}.` : '');
      const exists = async () => {
        const [head, reviewHead] = await Promise.all([services.store.events.head(header.incidentId), services.store.review.head(header.incidentId)]);
        const what = reviewHead > 0 ? `${head} events, ${reviewHead} review entries` : `${head} events`;
        return HttpError.of(ErrorCode.CONFLICT, `Incident ${header.incidentId} already exists here (${what}); nothing of its log was imported.${createdNote()}`, {
          incidentId: header.incidentId,
          agenciesCreated: created.map((a) => a.code),
        });
      };
      const [headHere, reviewHere] = await Promise.all([services.store.events.head(header.incidentId), services.store.review.head(header.incidentId)]);
      if (headHere > 0 || reviewHere > 0) throw await exists();
      // Agencies missing here come from the header (existing ones are never overwritten), created before
      // the log is written: alone they are harmless, and an incident is never here without the agencies
      // its log names. The two are separate stores' writes (no one atomic step), so each agency created
      // is audited at once, and a failure after some were created says which.
      let result: ImportLogResult;
      try {
        for (const agency of header.agencies) {
          if (known.has(agency.code)) continue;
          if (!(await services.store.accounts.createAgency(agency))) continue;
          created.push(agency);
          await services.audit.record({
            action: 'agency.created',
            actor: auth.account,
            req,
            target: { kind: 'agency', id: agency.code, label: agency.nameEn },
            details: { ...agency, importedWith: header.incidentId },
          });
        }
        if (created.length > 0) await agenciesChanged(services);
        // The raw objects keep the exporter's key order, so each line is stored as it was stored there.
        result = await services.store.events.importLog(header.incidentId, raw as unknown as IncidentEvent[], reviewRaw as unknown as ReviewEntry[]);
      } catch (err) {
        if (created.length === 0) throw err;
        await agenciesChanged(services);
        log.error({ err, incidentId: header.incidentId, agenciesCreated: created.map((a) => a.code) }, 'incident log import failed after creating agencies');
        throw HttpError.of(
          err instanceof StoreUnavailableError ? ErrorCode.STORE_UNAVAILABLE : ErrorCode.INTERNAL,
          `The import of incident ${header.incidentId} failed; its log is written whole or not at all (import it again: CONFLICT means it was written).${createdNote()}`,
          { incidentId: header.incidentId, agenciesCreated: created.map((a) => a.code) },
        );
      }
      if (result.status === 'exists') throw await exists();
      log.info({ incidentId: header.incidentId, events: result.headSeq, reviewEntries: result.reviewHeadSeq, agenciesCreated: created.length }, 'incident log imported');
      await services.audit.record({
        action: 'incident.imported',
        actor: auth.account,
        req,
        target: { kind: 'incident', id: header.incidentId, label: null },
        details: { events: result.headSeq, reviewEntries: result.reviewHeadSeq, format: header.format, version: header.version, exportedAt: header.exportedAt, agenciesCreated: created.map((a) => a.code) },
      });
      const answer: ImportResult = {
        incidentId: header.incidentId,
        headSeq: result.headSeq,
        reviewHeadSeq: result.reviewHeadSeq,
        agenciesCreated: created.map((a) => a.code),
      };
      return { status: 201, body: { ...answer } };
    },
  },
];
