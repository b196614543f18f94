'use client';

import type { CustomSeriesRenderItem } from 'echarts';
import { useLocale, useTranslations } from 'next-intl';
import { colonOf } from '@/lib/i18n/locales';
import { useMemo } from 'react';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import type { IncidentMetrics, TaskMetrics } from '@/lib/domain/review/metrics';
import type { TaskStatus } from '@/lib/domain/incident/vocabulary';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { CHART_FONT, EChart, type ChartOption } from './echart';
import { duration, durationStep, MINUTE_STEPS, tPlus } from './format';
import { layoutSwimlane, ROW_PX, swimlaneHeight } from './swimlane-layout';
import { escapeHtml } from './tooltip-html';

/** Colours of the task statuses drawn as bar segments (the legend names them). */
const STATUS_COLORS: Record<TaskStatus, string> = {
  open: '#94a3b8',
  acknowledged: '#38bdf8',
  in_progress: '#1d4ed8',
  blocked: '#f59e0b',
  done: '#15803d',
  cancelled: '#475569',
};
const DRAWN: TaskStatus[] = ['open', 'acknowledged', 'in_progress', 'blocked', 'done', 'cancelled'];

/**
 * Tasks over time per agency (SPEC REV2 segments): each task a bar from its
 * creation to done / cancelled / the end, coloured by its status at each time,
 * with a mark where it finished; each holding in its holder's lane (a reassigned
 * task's bar goes on in the next agency's lane from the handover, marked there);
 * lanes tinted in the agency's colour.
 */
export function SwimlaneChart({ metrics: m, describedBy, compact = false }: { metrics: IncidentMetrics; describedBy?: string; compact?: boolean }) {
  const t = useTranslations('metrics');
  const ts = useTranslations('taskStatus');
  const colon = colonOf(useLocale());
  const agencies = useAgencyDirectory();
  const clock = useClockFormat();

  const { option, height } = useMemo(() => {
    const { lanes, pieces, rows } = layoutSwimlane(m);
    // x is ms since the opening, so ticks fall on round T+ values.
    const x = (ms: number) => ms - m.openedAt;
    const byIndex: TaskMetrics[] = m.tasks;

    const laneItem: CustomSeriesRenderItem = (params, api) => {
      const lane = lanes[params.dataIndex];
      const cs = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
      const top = api.coord([0, lane.start])[1];
      const bottom = api.coord([0, lane.start + lane.rows])[1];
      const color = agencies.color(lane.agency);
      return {
        type: 'group',
        children: [
          { type: 'rect', shape: { x: cs.x, y: top, width: cs.width, height: bottom - top }, style: { fill: color, opacity: 0.09 } },
          { type: 'rect', shape: { x: cs.x - 6, y: top + 1, width: 4, height: bottom - top - 2 }, style: { fill: color } },
          {
            type: 'text',
            x: cs.x - 10,
            y: (top + bottom) / 2,
            style: { text: agencies.name(lane.agency), align: 'right', verticalAlign: 'middle', fill: '#0f172a', font: `500 ${compact ? 11 : 12}px ${CHART_FONT}`, width: compact ? 108 : 150, overflow: compact ? 'break' : 'truncate', lineHeight: 13 },
          },
          { type: 'line', shape: { x1: cs.x, y1: bottom, x2: cs.x + cs.width, y2: bottom }, style: { stroke: '#cbd5e1', lineWidth: 1 } },
        ],
      };
    };

    const segmentItem: CustomSeriesRenderItem = (params, api) => {
      const from = api.coord([api.value(0), api.value(2)]);
      const to = api.coord([api.value(1), api.value(2)]);
      const size = api.size?.([0, 1]);
      const rowH = Array.isArray(size) ? Math.abs(size[1]) : ROW_PX;
      // At least 4 px, but never more than the row (a long incident's printed chart has thin rows).
      const h = Math.max(Math.min(4, rowH), rowH * 0.62);
      // 1: a finish, a mark at its moment; 2: a handover in, a mark at the piece's start.
      const mark = api.value(4);
      const width = mark !== 0 ? 3 : Math.max(1, to[0] - from[0]);
      return {
        type: 'rect',
        shape: { x: mark !== 0 ? from[0] - 1 : from[0], y: from[1] + (rowH - h) / 2, width, height: h },
        style: { fill: mark === 2 ? '#0f172a' : ((api.visual('color') as string) ?? '#000') },
      };
    };

    const series = DRAWN.map((status) => {
      const data: number[][] = [];
      for (const piece of pieces) {
        const task = byIndex[piece.task];
        const { row } = piece;
        const last = piece.to === (task.endedAt ?? m.end);
        for (const seg of task.segments) {
          if (seg.status !== status) continue;
          if (status === 'done' || status === 'cancelled') {
            // A finish is a mark at its moment (only the last one counts: the bar ends there), in
            // the lane of the agency that held it then.
            if (last && task.endedAt !== null && seg.from === task.endedAt) data.push([x(seg.from), x(seg.from), row, piece.task, 1]);
            continue;
          }
          // The segment within this holding.
          const from = Math.max(seg.from, piece.from);
          const to = Math.min(seg.to, piece.to);
          if (to > from || (from === to && from === piece.to && last && seg.from === piece.to)) data.push([x(from), x(Math.max(to, from)), row, piece.task, 0]);
        }
      }
      // Where a task came in from another agency: a dark mark at the start of its piece here.
      if (status === 'open') for (const piece of pieces) if (piece.handedIn) data.push([x(piece.from), x(piece.from), piece.row, piece.task, 2]);
      return {
        type: 'custom' as const,
        name: ts(status),
        renderItem: segmentItem,
        itemStyle: { color: STATUS_COLORS[status] },
        encode: { x: [0, 1], y: 2 },
        data,
        z: 2,
      };
    });

    const tip = (idx: number) => {
      const task = byIndex[idx];
      const lines = [
        `<b>${escapeHtml(task.title)}</b>`,
        `${escapeHtml(agencies.name(task.agency))} · ${escapeHtml(ts(task.status))}`,
        `${t('created')}${colon}${tPlus(task.createdAt - m.openedAt)} (${clock.time(task.createdAt)})`,
        `${t('toAcknowledge')}${colon}${duration(task.toAcknowledge)}`,
        `${t('toEnd')}${colon}${duration(task.toEnd)}`,
      ];
      if (task.overdue) lines.push(`${t('overdueBy')}${colon}${duration(task.overdueBy)}`);
      return lines.join('<br/>');
    };

    const height = swimlaneHeight(rows, compact);
    const option: ChartOption = {
      aria: { enabled: true, label: { description: t('swimlaneLabel') } },
      grid: { left: compact ? 118 : 160, right: compact ? 14 : 24, top: 36, bottom: 44 },
      legend: { top: 4, left: compact ? 118 : 160, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => tip(((p as { value: number[] }).value ?? [])[3] ?? 0),
      },
      xAxis: {
        type: 'value',
        min: 0,
        max: Math.max(m.span, 60_000),
        interval: durationStep(m.span, compact ? 6 : 10, MINUTE_STEPS),
        axisLabel: {
          fontSize: 11,
          formatter: (v: number) => `${tPlus(v)}\n${clock.shortTime(m.openedAt + v)}`,
          hideOverlap: true,
        },
        splitLine: { lineStyle: { color: '#e2e8f0' } },
      },
      yAxis: { type: 'value', min: 0, max: Math.max(rows, 1), inverse: true, show: false },
      series: [
        {
          type: 'custom',
          name: '__lanes',
          renderItem: laneItem,
          data: lanes.map((l) => [0, l.start]),
          encode: { x: 0, y: 1 },
          silent: true,
          z: 1,
          tooltip: { show: false },
        },
        ...series,
      ],
    };
    (option.legend as { data?: string[] }).data = DRAWN.map((s) => ts(s));
    return { option, height };
  }, [m, agencies, clock, t, ts, compact]);

  return <EChart option={option} height={height} label={t('swimlaneLabel')} describedBy={describedBy} testId="swimlane-chart" />;
}
