'use client';

import { BarChart, CustomChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, CustomSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the metrics charts use; the SVG renderer prints crisply (the report goes to PDF).
echarts.use([BarChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | CustomSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

export const CHART_FONT = '"Inter Variable", "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC Variable", ui-sans-serif, system-ui, sans-serif';

interface EChartProps {
  option: ChartOption;
  /** CSS height (the width follows the container). */
  height: number;
  /** The chart's label; its text alternative is the table named by `describedBy`. */
  label: string;
  describedBy?: string;
  testId?: string;
}

/**
 * An Apache ECharts chart (SVG renderer) that follows its container's size,
 * so it also re-lays itself out for the printed page.
 */
export function EChart({ option, height, label, describedBy, testId }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    const beforePrint = () => c.resize();
    window.addEventListener('beforeprint', beforePrint);
    return () => {
      window.removeEventListener('beforeprint', beforePrint);
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT }, ...option }, { notMerge: true });
  }, [option]);

  return (
    <figure className="m-0 w-full break-inside-avoid">
      <div
        ref={ref}
        role="img"
        aria-label={label}
        aria-describedby={describedBy}
        data-testid={testId}
        className="w-full"
        style={{ height }}
      />
    </figure>
  );
}
