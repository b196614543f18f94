'use client';

import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import type { IncidentMetrics } from '@/lib/domain/review/metrics';
import { EChart, type ChartOption } from './echart';
import { duration, minutes } from './format';

export const RESPONSE_COLORS = { ackMedian: '#7dd3fc', ackP90: '#0369a1', completeMedian: '#86efac', completeP90: '#15803d' } as const;

/** Median and p90 minutes to acknowledge and to complete, per agency (SPEC REV2). */
export function ResponseChart({ metrics: m, describedBy, height = 320 }: { metrics: IncidentMetrics; describedBy?: string; height?: number }) {
  const t = useTranslations('metrics');
  const agencies = useAgencyDirectory();

  const option = useMemo((): ChartOption => {
    const rows = m.agencies.filter((a) => a.tasks > 0);
    const names = rows.map((a) => agencies.name(a.agency));
    const bar = (key: keyof typeof RESPONSE_COLORS, pick: (a: (typeof rows)[number]) => number | null) => ({
      type: 'bar' as const,
      name: t(key),
      itemStyle: { color: RESPONSE_COLORS[key] },
      data: rows.map((a) => ({ value: minutes(pick(a)) ?? 0, raw: pick(a) })),
      barMaxWidth: 18,
    });
    return {
      aria: { enabled: true, label: { description: t('responseLabel') } },
      grid: { left: 56, right: 16, top: 56, bottom: 64 },
      legend: { top: 4, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: unknown) => {
          const list = ps as Array<{ axisValueLabel: string; seriesName: string; marker: string; data: { raw: number | null } }>;
          return [`<b>${list[0]?.axisValueLabel ?? ''}</b>`, ...list.map((p) => `${p.marker}${p.seriesName}: ${duration(p.data.raw)}`)].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, fontSize: 11, width: 92, overflow: 'break' } },
      yAxis: { type: 'value', name: t('minutesAxis'), nameTextStyle: { fontSize: 11 }, axisLabel: { fontSize: 11 }, splitLine: { lineStyle: { color: '#e2e8f0' } } },
      series: [
        bar('ackMedian', (a) => a.acknowledge.median),
        bar('ackP90', (a) => a.acknowledge.p90),
        bar('completeMedian', (a) => a.complete.median),
        bar('completeP90', (a) => a.complete.p90),
      ],
    };
  }, [m, agencies, t]);

  return <EChart option={option} height={height} label={t('responseLabel')} describedBy={describedBy} testId="response-chart" />;
}
