import type { IncidentMetrics } from '@/lib/domain/review/metrics';

export interface Lane {
  agency: string;
  start: number;
  rows: number;
}

/**
 * One agency's holding of a task (SPEC REV2): the part of its bar drawn in that agency's lane,
 * from when the agency got it to when it was handed on (or the task ended, or the review's end).
 */
export interface Piece {
  taskId: string;
  /** The task's index in `metrics.tasks` (its tooltip). */
  task: number;
  agency: string;
  from: number;
  to: number;
  row: number;
  /** Handed over to this agency from another (not its first holding). */
  handedIn: boolean;
}

/**
 * The swimlane's rows: each task cut at its handovers, each holding drawn in its holder's lane
 * (a task reassigned from Customs to Fire after ten minutes open shows those ten minutes in
 * Customs' lane, not as Fire's); in a lane, pieces packed into as few rows as keep them apart;
 * lanes in the incident's agency order, an agency without any holding left out.
 */
export function layoutSwimlane(m: IncidentMetrics): { lanes: Lane[]; pieces: Piece[]; rows: number } {
  const lanes: Lane[] = [];
  const pieces: Piece[] = [];
  let next = 0;
  const gap = Math.max(1000, (m.end - m.openedAt) / 200);
  const all = m.tasks.flatMap((t, task) => {
    const stop = t.endedAt ?? m.end;
    const held = t.holders.map((h) => ({ taskId: t.taskId, task, agency: h.agency, from: h.from, to: Math.min(Math.max(h.to, h.from), stop) }));
    // A holding of no time (made and handed on in the same instant: a log with times to the
    // second) has nothing to draw: no row, no lane of its own, no handover mark where the task began.
    const drawn = held.filter((p, i) => p.to > p.from || i === held.length - 1);
    return drawn.map((p, i) => ({ ...p, handedIn: i > 0 }));
  });
  for (const a of m.agencies) {
    const mine = all.filter((p) => p.agency === a.agency).sort((x, y) => x.from - y.from);
    if (mine.length === 0) continue;
    const ends: number[] = [];
    for (const p of mine) {
      let r = ends.findIndex((e) => e + gap <= p.from);
      if (r < 0) r = ends.push(0) - 1;
      ends[r] = p.to;
      pieces.push({ ...p, row: next + r });
    }
    lanes.push({ agency: a.agency, start: next, rows: ends.length });
    next += ends.length;
  }
  return { lanes, pieces, rows: next };
}

/** A row's height on screen, and on paper (where rows get thinner past a page: COMPACT_MAX_PX). */
export const ROW_PX = 15;
const COMPACT_ROW_PX = 12;

/** The printed report's chart fits one A4 page (its printable height is ~1,000 px): rows get thinner past that. */
export const COMPACT_MAX_PX = 900;

/**
 * The chart's height in px for `rows` rows: 15 px a row on screen (a long incident's chart
 * scrolls with the page), 12 on paper, where one SVG cannot break across pages, so it is at most
 * COMPACT_MAX_PX high (the rows thinner): taller, Chromium cut it at the page's foot.
 */
export function swimlaneHeight(rows: number, compact: boolean): number {
  return Math.max(160, compact ? Math.min(COMPACT_MAX_PX, rows * COMPACT_ROW_PX + 90) : rows * ROW_PX + 90);
}
