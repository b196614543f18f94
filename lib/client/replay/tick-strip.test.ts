import { describe, expect, it } from 'vitest';
import { DIMMED_TICK_ALPHA, fillTickImage, NO_AGENCY_COLOUR, TICK_ALPHA, TICK_INSET, tickColumns } from './tick-strip';
import type { Ticks } from './ticks';

/** Ticks of events at the given ms after 0, each with its agency index (-1: none) and type index. */
function ticksOf(events: Array<[ms: number, agency: number, type?: number]>): Ticks {
  return {
    count: events.length,
    firstTs: 0,
    lastTs: events.at(-1)?.[0] ?? 0,
    ts: Float64Array.from(events.map((e) => e[0])),
    agency: Int16Array.from(events.map((e) => e[1])),
    agencies: ['fire', 'medical'],
    type: Int8Array.from(events.map((e) => e[2] ?? 0)),
    types: ['MessagePosted', 'TaskCreated'],
  };
}

const FIRE = '#dc2626';
const MEDICAL = '#be185d';
const style = { colours: [FIRE, MEDICAL], dimAgency: [false, false], dimType: [false, false] };
const px = (row: Uint8ClampedArray, x: number) => Array.from(row.subarray(x * 4, x * 4 + 4));
const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

describe('the replay slider tick strip (issue #5: event ticks coloured by agency, filtered ones dimmed)', () => {
  // 100 columns: 84 between the insets, so the span 0…84 ms puts an event of t ms at column 8 + t.
  const columns = 100;
  const at = (ms: number) => TICK_INSET + ms;

  it('puts each event at its time, in its agency colour; no agency in the neutral colour; empty columns transparent', () => {
    const row = tickColumns(ticksOf([[0, 0], [10, 1], [20, -1], [84, 0]]), columns, style);
    const a = Math.round(TICK_ALPHA * 255);
    expect(px(row, at(0))).toEqual([...hex(FIRE), a]);
    expect(px(row, at(10))).toEqual([...hex(MEDICAL), a]);
    expect(px(row, at(20))).toEqual([...hex(NO_AGENCY_COLOUR), a]);
    expect(px(row, at(84))).toEqual([...hex(FIRE), a]);
    expect(px(row, at(5))).toEqual([0, 0, 0, 0]);
    expect(px(row, 0)).toEqual([0, 0, 0, 0]);
  });

  it('dims by agency and by type, faintly, without moving a tick', () => {
    const ticks = ticksOf([[0, 0, 0], [10, 1, 1], [20, 1, 0], [84, 0, 0]]);
    const row = tickColumns(ticks, columns, { ...style, dimAgency: [true, false], dimType: [false, true] });
    const faint = Math.round(DIMMED_TICK_ALPHA * 255);
    expect(px(row, at(0))).toEqual([...hex(FIRE), faint]); // fire dimmed
    expect(px(row, at(10))).toEqual([...hex(MEDICAL), faint]); // a TaskCreated, dimmed by type
    expect(px(row, at(20))[3]).toBe(Math.round(TICK_ALPHA * 255)); // medical, a message: not dimmed
  });

  it('draws ticks of one column over each other as a canvas would: dimmed first, then by agency order', () => {
    // Fire and medical in the same column: medical (later in order) over fire.
    const row = tickColumns(ticksOf([[0, 1], [0, 0], [84, 0]]), columns, style);
    const [f, m] = [hex(FIRE), hex(MEDICAL)];
    const alpha = TICK_ALPHA + TICK_ALPHA * (1 - TICK_ALPHA);
    const mix = (i: number) => Math.round((m[i] * TICK_ALPHA + f[i] * TICK_ALPHA * (1 - TICK_ALPHA)) / alpha);
    const got = px(row, at(0));
    for (let i = 0; i < 3; i++) expect(Math.abs(got[i] - mix(i))).toBeLessThanOrEqual(1);
    expect(got[3]).toBe(Math.round(alpha * 255));
    // A dimmed medical tick goes under an undimmed fire one, though medical comes later in order.
    const dimmed = tickColumns(ticksOf([[0, 1], [0, 0], [84, 0]]), columns, { ...style, dimAgency: [false, true] });
    const top = (f[0] * TICK_ALPHA + m[0] * DIMMED_TICK_ALPHA * (1 - TICK_ALPHA)) / (TICK_ALPHA + DIMMED_TICK_ALPHA * (1 - TICK_ALPHA));
    expect(Math.abs(px(dimmed, at(0))[0] - Math.round(top))).toBeLessThanOrEqual(1);
  });

  it('keeps every tick inside the strip, whatever its time; nothing for no ticks or no width', () => {
    const row = tickColumns(ticksOf([[0, 0], [84, 0]]), 10, style); // narrower than both insets
    expect(row.length).toBe(40);
    expect(row.some((v, i) => i % 4 === 3 && v > 0)).toBe(true);
    expect(tickColumns(ticksOf([]), columns, style).every((v) => v === 0)).toBe(true);
    expect(tickColumns(ticksOf([[0, 0]]), 0, style).length).toBe(0);
  });

  it('spreads the row over every device row, each CSS column over its device columns', () => {
    const row = tickColumns(ticksOf([[0, 0], [84, 1]]), columns, style);
    const dpr = 2;
    const width = columns * dpr;
    const height = 3;
    const data = new Uint8ClampedArray(width * height * 4);
    fillTickImage(data, width, height, dpr, row);
    for (let y = 0; y < height; y++)
      for (const dx of [at(0) * 2, at(0) * 2 + 1]) expect(Array.from(data.subarray((y * width + dx) * 4, (y * width + dx) * 4 + 4))).toEqual(px(row, at(0)));
    expect(Array.from(data.subarray((2 * width + at(84) * 2) * 4, (2 * width + at(84) * 2) * 4 + 4))).toEqual(px(row, at(84)));
    expect(data[(at(0) * 2 + 2) * 4 + 3]).toBe(0);
  });

  it('marks every column of a 100,000-event strip that holds a tick', () => {
    const n = 100_000;
    const ticks = ticksOf(Array.from({ length: n }, (_, i) => [i * 10, (i % 3) - 1, i % 2] as [number, number, number]));
    const row = tickColumns(ticks, 1366, style);
    // Every column between the insets has a tick (10 ms apart over 1,350 columns).
    for (let x = TICK_INSET; x < 1366 - TICK_INSET; x++) expect(row[x * 4 + 3]).toBeGreaterThan(0);
  });
});
