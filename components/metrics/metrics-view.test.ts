import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { NextIntlClientProvider } from 'next-intl';
import { createElement as h, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyListProvider } from '@/components/incidents/use-agency-directory';
import { ReportPlan, ReportSummary } from '@/components/report/report-screen';
import type { Actor } from '@/lib/domain/actor';
import type { Agency } from '@/lib/domain/agencies';
import type { EventBody, IncidentEvent } from '@/lib/domain/incident/events';
import { commander, fireResponder, INCIDENT_ID, opened, taskCreated } from '@/lib/domain/incident/fixtures';
import type { TaskStatus } from '@/lib/domain/incident/vocabulary';
import { computeMetrics } from '@/lib/domain/review/metrics';
import { clockFormat } from '@/lib/i18n/use-clock-format';
import { queryKeys } from '@/lib/client/query-keys';
import type { ImprovementItem } from '@/lib/protocol/review';
import en from '@/messages/en.json';
import zhCN from '@/messages/zh-CN.json';
import { duration, durationAxis, durationStep, MINUTE_STEPS, tPlus } from './format';
import { AgencyTable, Moment, TaskTable } from './metrics-tables';
import { responseChartOption } from './response-chart';
import { COMPACT_MAX_PX, layoutSwimlane, swimlaneHeight } from './swimlane-layout';

/** SPEC REV2 as the metrics page and the report show it. */
const T0 = Date.UTC(2026, 2, 1, 2, 0, 0);
const S = 1000;
const customsLiaison: Actor = { userId: 'u-cus', name: 'Chen (Customs)', agency: 'customs', role: 'liaison' };
const T = (n: number) => `00000000-0000-4000-8000-00000000020${n}`;
const status = (n: number, from: TaskStatus, to: TaskStatus): EventBody => ({ type: 'TaskStatusChanged', payload: { taskId: T(n), from, to, reason: null } });
const reassign = (n: number, from: string, to: string): EventBody => ({
  type: 'TaskReassigned',
  payload: { taskId: T(n), agency: { from, to }, assignee: { from: null, to: null } },
});

function log(steps: [number, EventBody, Actor?][]): IncidentEvent[] {
  return steps.map(
    ([sec, body, actor], i) =>
      ({ ...body, incidentId: INCIDENT_ID, id: `ev-${i + 1}`, seq: i + 1, ts: T0 + sec * S, actor: actor ?? commander, commandId: `c-${i + 1}` }) as IncidentEvent,
  );
}

// Customs ignores task 1 for 20 minutes; fire gets it and acknowledges in 30 s, and finishes it.
// Fire never acknowledges task 2; customs acknowledges task 3 after 50 s and hands it to port.
const M = computeMetrics(
  log([
    [0, opened(['fire', 'customs', 'port'])],
    [60, taskCreated(T(1), 'customs', 'Identify substance')],
    [100, taskCreated(T(2), 'fire', 'Water curtain')],
    [150, taskCreated(T(3), 'customs', 'Hold containers')],
    [200, status(3, 'open', 'acknowledged'), customsLiaison],
    [300, reassign(3, 'customs', 'port')],
    [1260, reassign(1, 'customs', 'fire')],
    [1290, status(1, 'open', 'acknowledged'), fireResponder],
    [1300, status(1, 'acknowledged', 'in_progress'), fireResponder],
    [1500, status(1, 'in_progress', 'done'), fireResponder],
  ]),
  T0 + 1800 * S,
);

const AGENCIES: Agency[] = [
  { code: 'fire', nameZh: '消防救援', nameEn: 'Fire and Rescue', short: 'FIRE', color: '#b91c1c' },
  { code: 'customs', nameZh: '海关', nameEn: 'Customs', short: 'CUS', color: '#1d4ed8' },
  { code: 'port', nameZh: '港口', nameEn: 'Port', short: 'PORT', color: '#0f766e' },
];

function render(node: ReactNode, locale: 'en' | 'zh-CN' = 'en'): HTMLish {
  const client = new QueryClient();
  client.setQueryData(queryKeys.agencies(), AGENCIES);
  const messages = locale === 'en' ? en : zhCN;
  const html = renderToStaticMarkup(
    h(QueryClientProvider, { client }, h(NextIntlClientProvider, { locale, messages, timeZone: 'Asia/Shanghai', children: h(AgencyListProvider, null, node) })),
  );
  return new HTMLish(html);
}

/** Enough of the markup to read cells by data-testid (no DOM in these tests). */
class HTMLish {
  constructor(readonly html: string) {}
  /** The text of the element with `data-agency` row `agency` and `data-testid` `id`. */
  cell(agency: string, id: string): string | null {
    const row = new RegExp(`<tr[^>]*data-agency="${agency}"[^>]*>([\\s\\S]*?)</tr>`).exec(this.html)?.[1] ?? '';
    const m = new RegExp(`<(\\w+)[^>]*data-testid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(row);
    return m ? text(m[2]) : null;
  }
  byTestId(id: string): string | null {
    const m = new RegExp(`<(\\w+)[^>]*data-testid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(this.html);
    return m ? text(m[2]) : null;
  }
}
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

describe('REV2 on the metrics page and the report', () => {
  // Clock times are in the browser's zone: pinned here so the zone's label is known (Node reads TZ when it changes).
  const zoneBefore = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Asia/Shanghai';
  });
  afterAll(() => {
    if (zoneBefore === undefined) delete process.env.TZ;
    else process.env.TZ = zoneBefore;
  });

  it('T+ is shown to the second: 10:59 after the opening is not "T+00:10"', () => {
    expect(tPlus(10 * 60_000 + 59_000)).toBe('T+00:10:59');
    expect(tPlus(100 * 3_600_000 + 5_000)).toBe('T+100:00:05');
    const html = render(h(Moment, { at: T0 + 659 * S, openedAt: T0 })).html;
    expect(text(html)).toMatch(/^T\+00:10:59 \d\d:\d\d:\d\d$/);
    // One line, figures of one width: the T+ cells do not wrap or jitter.
    expect(html).toMatch(/^<span class="[^"]*whitespace-nowrap[^"]*tabular-nums|^<span class="[^"]*tabular-nums[^"]*whitespace-nowrap/);
  });

  it('the agency table shows how many received tasks were acknowledged and how many done, beside the times', () => {
    const r = render(h(AgencyTable, { metrics: M }));
    // Fire: task 1 acknowledged 30 s after it reached fire (not 20:30), task 2 never.
    expect(r.cell('fire', 'ack-stats')).toBe('0:30 / 0:30 / 0:30');
    expect(r.cell('fire', 'ack-count')).toBe('1 of 2');
    expect(r.cell('fire', 'complete-count')).toBe('1 done');
    expect(r.cell('fire', 'complete-stats')).toBe('4:00 / 4:00 / 4:00');
    // Customs: task 1 missed, task 3 acknowledged in 50 s.
    expect(r.cell('customs', 'ack-stats')).toBe('0:50 / 0:50 / 0:50');
    expect(r.cell('customs', 'ack-count')).toBe('1 of 2');
    expect(r.cell('customs', 'complete-count')).toBe('0 done');
    // Port got task 3 already acknowledged: nothing to acknowledge, no count to give.
    expect(r.cell('port', 'ack-stats')).toBe('–');
    expect(r.cell('port', 'ack-count')).toBe('–');
    expect(r.cell('port', 'complete-count')).toBe('0 done');
  });

  it('the response chart draws no bar for a missing figure (not a zero-length one that looks fastest), and lists every agency with figures', () => {
    const option = responseChartOption(M, { name: (c) => c, t: (k) => k, stacked: false });
    const xAxis = option.xAxis as { data: string[] }[];
    // Customs holds nothing at the end but acknowledged (and missed) tasks while it held them.
    expect(xAxis[0].data).toEqual(['fire', 'customs', 'port']);
    const series = option.series as { name: string; data: { value: number | string; raw: number | null }[] }[];
    const of = (name: string) => series.find((s) => s.name === name)!.data;
    // Port acknowledged nothing, customs and port finished nothing: no bar; the tooltip still reads "–" (raw null).
    expect(of('ackMedian')).toEqual([
      { value: 30 * S, raw: 30 * S },
      { value: 50 * S, raw: 50 * S },
      { value: '-', raw: null },
    ]);
    expect(of('completeMedian')).toEqual([
      { value: 240 * S, raw: 240 * S },
      { value: '-', raw: null },
      { value: '-', raw: null },
    ]);
  });

  it('the response chart reads its durations as the agency table does (m:ss), on its axes and in its tooltip, not in decimal minutes', () => {
    const option = responseChartOption(M, { name: (c) => c, t: (k, v) => (v ? `${k}(${Object.values(v).join(',')})` : k), stacked: false });
    type Axis = { name: string; min: number; max: number; interval: number; axisLabel: { formatter: (v: number) => string } };
    const [ack, complete] = option.yAxis as Axis[];
    const ticks = (a: Axis) => Array.from({ length: Math.round((a.max - a.min) / a.interval) + 1 }, (_, i) => a.axisLabel.formatter(a.min + i * a.interval));
    // Acknowledging took 30 s and 50 s (the table's 0:30 and 0:50): ticks every 10 s, not 0.2, 0.4 … minutes.
    expect(ticks(ack)).toEqual(['0:00', '0:10', '0:20', '0:30', '0:40', '0:50']);
    expect(ticks(complete)).toEqual(['0:00', '1:00', '2:00', '3:00', '4:00']);
    expect(ack.name).toBe('axisName(acknowledge,durationAxis)');
    // The tooltip gives each bar as the table's cell does: fire's acknowledgement 0:30, port's missing one "–".
    const series = option.series as { name: string; data: { raw: number | null }[] }[];
    const at = (i: number) => series.map((s) => ({ axisValueLabel: ['fire', 'customs', 'port'][i], seriesName: s.name, marker: '', data: s.data[i] }));
    const tooltip = (option.tooltip as { formatter: (ps: unknown) => string }).formatter;
    const render = (i: number) => tooltip(at(i)).split('<br/>');
    expect(render(0)).toEqual(['<b>fire</b>', 'ackMedian: 0:30', 'ackP90: 0:30', 'completeMedian: 4:00', 'completeP90: 4:00']);
    expect(render(2)).toEqual(['<b>port</b>', 'ackMedian: –', 'ackP90: –', 'completeMedian: –', 'completeP90: –']);
  });

  it('a duration axis takes round steps, and names hours once a panel passes one', () => {
    expect(durationAxis(0)).toEqual({ interval: 5_000, max: 5_000 });
    expect(durationAxis(50 * S)).toEqual({ interval: 10_000, max: 50_000 });
    expect(durationAxis(7 * 60 * S)).toEqual({ interval: 120_000, max: 480_000 });
    expect(durationAxis(100 * 60 * S)).toEqual({ interval: 1_800_000, max: 7_200_000 });
    expect(duration(durationAxis(100 * 60 * S).max)).toBe('2:00:00');
    // The swimlane's time axis, from the same picker on its own steps: none under a minute, 20 min among them.
    expect(durationStep(0, 10, MINUTE_STEPS)).toBe(60_000);
    expect(durationStep(200 * 60 * S, 10, MINUTE_STEPS)).toBe(1_200_000);
    expect(durationStep(100 * 60 * S, 5)).toBe(1_800_000);
    expect(durationStep(20 * 3600 * S, 6, MINUTE_STEPS)).toBe(21_600_000);
    expect(durationStep(10 * 86_400 * S, 6, MINUTE_STEPS)).toBe(2 * 86_400_000);
    const long = computeMetrics(
      log([
        [0, opened(['fire', 'customs', 'port'])],
        [60, taskCreated(T(1), 'fire', 'Cool the tank')],
        [4000, status(1, 'open', 'acknowledged'), fireResponder],
      ]),
      T0 + 5000 * S,
    );
    const [ack] = responseChartOption(long, { name: (c) => c, t: (k, v) => (v ? `${k}(${Object.values(v).join(',')})` : k), stacked: true }).yAxis as {
      name: string;
      interval: number;
      max: number;
      axisLabel: { formatter: (ms: number) => string };
    }[];
    expect(ack.name).toBe('axisName(acknowledge,durationAxisHours)');
    // Every tick of an axis named h:mm:ss in that form: half an hour is 0:30:00, not 30:00.
    const ticks = Array.from({ length: ack.max / ack.interval + 1 }, (_, i) => ack.axisLabel.formatter(i * ack.interval));
    expect(ticks).toEqual(['0:00:00', '0:15:00', '0:30:00', '0:45:00', '1:00:00', '1:15:00']);
  });

  it('the report names the time zone its clock times are in, once, in its header', () => {
    const r = render(h(ReportSummary, { metrics: M }));
    const zone = clockFormat('en').zone(M.openedAt);
    expect(zone).toBe('Asia/Shanghai (UTC+08:00)');
    expect(r.byTestId('report-zone')).toContain(zone);
    expect(r.html.split('Asia/Shanghai').length - 1).toBe(1);
  });

  it('REV3: the report marks an improvement item overdue as the findings page does (itemOverdue), in words, and says as of which day', () => {
    const item = (n: number, dueDate: string, status: ImprovementItem['status']): ImprovementItem => ({
      id: `item-${n}`,
      incidentId: INCIDENT_ID,
      findingId: null,
      action: `Action ${n}`,
      agency: 'port',
      dueDate,
      status,
      createdAt: T0,
      createdBy: commander,
      updatedAt: T0,
      updatedBy: commander,
      history: [{ status, by: commander, at: T0 }],
    });
    // Past its day and open or in progress: overdue; due today, or done: not.
    const items = [item(1, '2026-12-06', 'open'), item(2, '2020-01-15', 'in_progress'), item(3, '2026-12-07', 'open'), item(4, '2020-01-15', 'done')];
    const rows = (html: string) =>
      [...html.matchAll(/<tr[^>]*data-testid="plan-row"[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => ({
        id: /data-item-id="([^"]+)"/.exec(r[0])?.[1],
        overdue: /data-overdue="true"/.test(r[0]),
        mark: /data-testid="plan-overdue"[^>]*>([^<]*)</.exec(r[1])?.[1] ?? null,
      }));
    for (const [locale, word, asOf] of [
      ['en', 'Overdue', 'Overdue: past its due date and not done, as of 2026-12-07.'],
      ['zh-CN', '已逾期', '已逾期：截至 2026-12-07，已过期限且尚未完成。'],
    ] as const) {
      const r = render(h(ReportPlan, { items, today: '2026-12-07' }), locale);
      expect(rows(r.html)).toEqual([
        { id: 'item-1', overdue: true, mark: word },
        { id: 'item-2', overdue: true, mark: word },
        { id: 'item-3', overdue: false, mark: null },
        { id: 'item-4', overdue: false, mark: null },
      ]);
      expect(r.byTestId('plan-overdue-as-of')).toBe(asOf);
    }
    // Nothing overdue: no marks and no note.
    const none = render(h(ReportPlan, { items: items.slice(2), today: '2026-12-07' }));
    expect(none.html).not.toContain('plan-overdue');
  });

  it('the swimlane draws each holding in its holder\'s lane: task 1\'s twenty minutes open are Customs\', not Fire\'s', () => {
    const { lanes, pieces } = layoutSwimlane(M);
    const of = (n: number) => pieces.filter((p) => p.taskId === T(n)).sort((a, b) => a.from - b.from).map((p) => ({ agency: p.agency, from: (p.from - T0) / S, to: (p.to - T0) / S, handedIn: p.handedIn }));
    // Customs held it from 60 s to 1260 s; Fire from then to its end at 1500 s.
    expect(of(1)).toEqual([
      { agency: 'customs', from: 60, to: 1260, handedIn: false },
      { agency: 'fire', from: 1260, to: 1500, handedIn: true },
    ]);
    expect(of(2)).toEqual([{ agency: 'fire', from: 100, to: 1800, handedIn: false }]);
    expect(of(3)).toEqual([
      { agency: 'customs', from: 150, to: 300, handedIn: false },
      { agency: 'port', from: 300, to: 1800, handedIn: true },
    ]);
    // Each piece in its own agency's lane.
    for (const p of pieces) {
      const lane = lanes.find((l) => p.row >= l.start && p.row < l.start + l.rows);
      expect(lane?.agency).toBe(p.agency);
    }
  });

  it('a holding of no time (made in Customs and handed to Fire in the same instant) takes no row and marks no handover', () => {
    const same = computeMetrics(
      log([
        [0, opened(['fire', 'customs'])],
        [60, taskCreated(T(1), 'customs', 'Identify substance')],
        [60, reassign(1, 'customs', 'fire')],
        [90, status(1, 'open', 'acknowledged'), fireResponder],
      ]),
      T0 + 600 * S,
    );
    const { lanes, pieces } = layoutSwimlane(same);
    expect(pieces.map((p) => ({ agency: p.agency, from: (p.from - T0) / S, handedIn: p.handedIn }))).toEqual([{ agency: 'fire', from: 60, handedIn: false }]);
    expect(lanes.map((l) => l.agency)).toEqual(['fire']);
  });

  it('the printed swimlane is at most a page high however many rows a long incident has; on screen it grows', () => {
    expect(swimlaneHeight(10, true)).toBe(210);
    expect(swimlaneHeight(2000, true)).toBe(COMPACT_MAX_PX);
    expect(swimlaneHeight(2000, false)).toBe(2000 * 15 + 90);
    expect(swimlaneHeight(0, true)).toBe(160);
  });

  it('the task table lists every handover of a task, with when, not only its first holder', () => {
    const twice = computeMetrics(
      log([
        [0, opened(['fire', 'customs', 'port'])],
        [60, taskCreated(T(1), 'customs', 'Identify substance')],
        [300, reassign(1, 'customs', 'port')],
        [900, reassign(1, 'port', 'fire')],
      ]),
      T0 + 1800 * S,
    );
    const html = render(h(TaskTable, { metrics: twice })).html;
    const handovers = [...html.matchAll(/data-testid="task-handover"[^>]*>([\s\S]*?)<\/span>/g)].map((x) => text(x[1]));
    expect(handovers).toEqual(['Customs → Port at T+00:05:00', 'Port → Fire and Rescue at T+00:15:00']);
  });

  it('a task made in the wrong lane and moved on at once is no missed acknowledgement of the first lane', () => {
    const m = computeMetrics(
      log([
        [0, opened(['fire', 'customs', 'port'])],
        [60, taskCreated(T(1), 'customs', 'Cool the tank')],
        [65, reassign(1, 'customs', 'fire')],
        [100, status(1, 'open', 'acknowledged'), fireResponder],
        [200, taskCreated(T(2), 'customs', 'Check the manifest')],
        [320, reassign(2, 'customs', 'port')],
      ]),
      T0 + 1800 * S,
    );
    const r = render(h(AgencyTable, { metrics: m }));
    // Task 1 sat with customs 5 s: not counted. Task 2 sat 2 minutes unacknowledged: a miss.
    expect(r.cell('customs', 'ack-count')).toBe('0 of 1');
    expect(r.cell('fire', 'ack-count')).toBe('1 of 1');
    // Port received task 2 open 24 minutes before the end and never acknowledged it.
    expect(r.cell('port', 'ack-count')).toBe('0 of 1');
  });
});
