import type { Ticks } from './ticks';

/** Alpha of a tick, and of a tick filtered out (dimmed). */
export const TICK_ALPHA = 0.9;
export const DIMMED_TICK_ALPHA = 0.15;
/** A native range input maps its value between half-thumb margins: the ticks are inset as much (CSS px). */
export const TICK_INSET = 8;
/** An event with no agency (the incident's own). */
export const NO_AGENCY_COLOUR = '#475569';

export interface TickStripStyle {
  /** `#rrggbb` per agency of `ticks.agencies` (anything else is drawn as NO_AGENCY_COLOUR). */
  colours: readonly string[];
  /** Per agency of `ticks.agencies`: dimmed by the filters. */
  dimAgency: readonly boolean[];
  /** Per type of `ticks.types`: dimmed by the filters. */
  dimType: readonly boolean[];
}

const HEX = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

function rgb(hex: string): [number, number, number] {
  const m = HEX.exec(hex) ?? HEX.exec(NO_AGENCY_COLOUR)!;
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/**
 * The slider's tick strip as one row of pixels, `columns` CSS px wide: each column's colour
 * (RGBA, not premultiplied) is every tick at that column drawn over the others as a canvas
 * draws 1-px full-height rects, source-over: the dimmed ones first, then the others, each
 * group in agency order (no agency first). The canvas then takes the row as an image.
 *
 * It was drawn as one path of rects per agency and dimming (ReplaySlider): ~7 ms for the
 * 100,000-event incident, 16 ms with the garbage collection its arrays brought on, on the
 * page's main thread just after the first moment was shown, where a person's first jump waited
 * for it (docs/performance.md, Analysis). This is one pass over the ticks and one over the columns.
 */
export function tickColumns(ticks: Ticks, columns: number, style: TickStripStyle): Uint8ClampedArray {
  const out = new Uint8ClampedArray(columns * 4);
  if (columns <= 0 || ticks.count === 0) return out;
  // Groups: no agency, then each agency; a bucket per group and dimming, dimmed ones first.
  const groups = ticks.agencies.length + 1;
  const buckets = groups * 2;
  const present = new Uint8Array(columns * buckets);
  const span = Math.max(1, ticks.lastTs - ticks.firstTs);
  const scale = Math.max(0, columns - 2 * TICK_INSET) / span;
  for (let i = 0; i < ticks.count; i++) {
    const a = ticks.agency[i];
    const dim = (a >= 0 && style.dimAgency[a]) || style.dimType[ticks.type[i]];
    const x = Math.min(columns - 1, Math.max(0, Math.floor(TICK_INSET + (ticks.ts[i] - ticks.firstTs) * scale)));
    present[x * buckets + (dim ? 0 : groups) + a + 1] = 1;
  }
  const colours = [rgb(NO_AGENCY_COLOUR), ...ticks.agencies.map((_, a) => rgb(style.colours[a] ?? NO_AGENCY_COLOUR))];
  for (let x = 0; x < columns; x++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let alpha = 0;
    const row = x * buckets;
    for (let k = 0; k < buckets; k++) {
      if (!present[row + k]) continue;
      const a = k < groups ? DIMMED_TICK_ALPHA : TICK_ALPHA;
      const [cr, cg, cb] = colours[k % groups];
      const under = alpha * (1 - a);
      const over = a + under;
      r = (cr * a + r * under) / over;
      g = (cg * a + g * under) / over;
      b = (cb * a + b * under) / over;
      alpha = over;
    }
    out[x * 4] = r;
    out[x * 4 + 1] = g;
    out[x * 4 + 2] = b;
    out[x * 4 + 3] = alpha * 255;
  }
  return out;
}

/**
 * Spreads a row of CSS-px columns (`tickColumns`) over a canvas image of `width` × `height`
 * device px (`dpr` device px per CSS px), every row the same.
 */
export function fillTickImage(data: Uint8ClampedArray, width: number, height: number, dpr: number, columns: Uint8ClampedArray): void {
  const n = columns.length / 4;
  if (n === 0) return;
  const line = new Uint8ClampedArray(width * 4);
  for (let dx = 0; dx < width; dx++) {
    const x = Math.min(n - 1, Math.floor(dx / dpr)) * 4;
    line[dx * 4] = columns[x];
    line[dx * 4 + 1] = columns[x + 1];
    line[dx * 4 + 2] = columns[x + 2];
    line[dx * 4 + 3] = columns[x + 3];
  }
  for (let y = 0; y < height; y++) data.set(line, y * width * 4);
}
