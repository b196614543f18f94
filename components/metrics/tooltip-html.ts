import { duration } from './format';

/**
 * Text for an ECharts tooltip, whose formatter's string is set as HTML (innerHTML): every name in
 * it (a task title, an agency name, which an admin or an imported log may set) is escaped, so
 * `<img src=x onerror=…>` in a name shows as text and runs nothing.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export type TooltipRow = { axisValueLabel: string; seriesName: string; marker: string; data: { raw: number | null } };

/** The response-time bar chart's tooltip: the agency's name and the series' names escaped (`marker` is ECharts' own HTML). */
export function responseTooltip(list: readonly TooltipRow[]): string {
  return [`<b>${escapeHtml(list[0]?.axisValueLabel ?? '')}</b>`, ...list.map((p) => `${p.marker}${escapeHtml(p.seriesName)}: ${escapeHtml(duration(p.data.raw))}`)].join('<br/>');
}
