'use client';

import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import type { IncidentMetrics } from '@/lib/domain/review/metrics';
import { EChart, type ChartOption } from './echart';
import { duration, durationAxis } from './format';
import { responseTooltip, type TooltipRow } from './tooltip-html';

const RESPONSE_COLORS = { ackMedian: '#7dd3fc', ackP90: '#0369a1', completeMedian: '#86efac', completeP90: '#15803d' } as const;

type ResponseKey = keyof typeof RESPONSE_COLORS | 'acknowledge' | 'complete' | 'durationAxis' | 'durationAxisHours' | 'axisName' | 'responseLabel';

/**
 * The chart's ECharts option (pure: the component gives it names and words). Bars are durations in
 * ms; their axis ticks and the tooltip read as the tables beside them do (`duration`: m:ss, or
 * h:mm:ss from an hour), on round steps (`durationAxis`).
 */
export function responseChartOption(
  m: IncidentMetrics,
  { name, t, stacked }: { name: (code: string) => string; t: (key: ResponseKey, values?: Record<string, string>) => string; stacked: boolean },
): ChartOption {
  // Every agency with work: held at the end, or received while it held it (a task may have moved on).
  const rows = m.agencies.filter((a) => a.tasks > 0 || a.acknowledge.received > 0);
  const names = rows.map((a) => name(a.agency));
  // Two panels with their own scale: acknowledging takes minutes, completing tens of minutes.
  const bar = (key: keyof typeof RESPONSE_COLORS, panel: 0 | 1, pick: (a: (typeof rows)[number]) => number | null) => ({
    type: 'bar' as const,
    name: t(key),
    xAxisIndex: panel,
    yAxisIndex: panel,
    itemStyle: { color: RESPONSE_COLORS[key] },
    // No figure, no bar ('-' is ECharts' missing value): a zero-length bar would read as the fastest.
    data: rows.map((a) => ({ value: pick(a) ?? '-', raw: pick(a) })),
    barMaxWidth: 22,
  });
  const grids = stacked
    ? [
        { left: 48, right: 12, top: 60, height: '27%' },
        { left: 48, right: 12, bottom: 56, height: '27%' },
      ]
    : [
        { left: 48, width: '42%', top: 64, bottom: 56 },
        { right: 12, width: '42%', top: 64, bottom: 56 },
      ];
  const longest = (...picks: ((a: (typeof rows)[number]) => number | null)[]) => Math.max(0, ...rows.flatMap((a) => picks.map((p) => p(a) ?? 0)));
  const scales = {
    acknowledge: durationAxis(longest((a) => a.acknowledge.median, (a) => a.acknowledge.p90)),
    complete: durationAxis(longest((a) => a.complete.median, (a) => a.complete.p90)),
  };
  const inHours = (k: 'acknowledge' | 'complete') => scales[k].max >= 3_600_000;
  const axisName = (k: 'acknowledge' | 'complete') => t('axisName', { what: t(k), unit: t(inHours(k) ? 'durationAxisHours' : 'durationAxis') });
  const xAxis = (i: 0 | 1) => ({
    type: 'category' as const,
    gridIndex: i,
    data: names,
    axisLabel: { interval: 0, fontSize: 10, width: stacked ? 84 : 64, overflow: 'break' as const },
  });
  const yAxis = (i: 0 | 1, k: 'acknowledge' | 'complete') => ({
    type: 'value' as const,
    gridIndex: i,
    name: axisName(k),
    nameTextStyle: { fontSize: 12, fontWeight: 600 as const, align: 'left' as const },
    min: 0,
    max: scales[k].max,
    interval: scales[k].interval,
    axisLabel: { fontSize: 11, formatter: (ms: number) => duration(ms, inHours(k)) },
    splitLine: { lineStyle: { color: '#e2e8f0' } },
  });
  return {
    aria: { enabled: true, label: { description: t('responseLabel') } },
    grid: grids,
    legend: { top: 4, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: unknown) => responseTooltip(ps as TooltipRow[]),
    },
    xAxis: [xAxis(0), xAxis(1)],
    yAxis: [yAxis(0, 'acknowledge'), yAxis(1, 'complete')],
    series: [
      bar('ackMedian', 0, (a) => a.acknowledge.median),
      bar('ackP90', 0, (a) => a.acknowledge.p90),
      bar('completeMedian', 1, (a) => a.complete.median),
      bar('completeP90', 1, (a) => a.complete.p90),
    ],
  };
}

/** Median and p90 times to acknowledge and to complete, per agency, in m:ss (h:mm:ss past an hour) (SPEC REV2). */
export function ResponseChart({
  metrics: m,
  describedBy,
  stacked = false,
}: {
  metrics: IncidentMetrics;
  describedBy?: string;
  /** Acknowledge above complete (narrow pages, paper) instead of side by side. */
  stacked?: boolean;
}) {
  const t = useTranslations('metrics');
  const agencies = useAgencyDirectory();

  const option = useMemo(() => responseChartOption(m, { name: agencies.name, t: (k, v) => t(k, v as never), stacked }), [m, agencies, t, stacked]);

  return <EChart option={option} height={stacked ? 460 : 340} label={t('responseLabel')} describedBy={describedBy} testId="response-chart" />;
}
