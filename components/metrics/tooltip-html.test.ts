import { describe, expect, it } from 'vitest';
import { escapeHtml, responseTooltip } from './tooltip-html';

describe('chart tooltips are HTML: names in them are text', () => {
  it('REV2: an agency named with markup (an admin, or an imported log, may set it) shows as text in the response chart tooltip', () => {
    const html = responseTooltip([
      { axisValueLabel: '<img src=x onerror=alert(1)>', seriesName: 'Acknowledge "median"', marker: '<span class="m"></span>', data: { raw: 90_000 } },
    ]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Acknowledge &quot;median&quot;');
    expect(html).toContain('<span class="m"></span>'); // ECharts' own marker stays HTML
  });

  it('escapes the five characters HTML gives meaning to, and nothing else', () => {
    expect(escapeHtml(`<a href='x'>"R&D" 海关</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&quot;R&amp;D&quot; 海关&lt;/a&gt;');
  });
});
