import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CapacityResult } from './capacity';
import type { LoadResult } from './load';
import type { ReducerResult } from './reducer';

/** Tables for stdout and docs/performance.md. */

export interface ScenarioPair {
  clients: number;
  rate: number;
  portline?: LoadResult;
  floor?: LoadResult;
}

export interface MachineInfo {
  cores: number;
  model: string;
  memoryGiB: number;
  node: string;
  redis: string;
  date: string;
  loadBefore: number[];
  loadAfter: number[];
}

export interface Targets {
  ratioMax: number;
  reducerMaxMs: number;
  /** Above this much other work on the machine (% of one core), a ratio is reported but not judged. */
  noiseMaxPct: number;
}

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const usage = (r: LoadResult, label: string) => r.procs.find((p) => p.label === label);

export function ratio(pair: ScenarioPair): number {
  return pair.portline && pair.floor ? pair.portline.latency.p99 / pair.floor.latency.p99 : NaN;
}

/**
 * The p99 ratio of each round (one Portline block and the floor block next to it
 * in time): a burst of outside load moves one round, not the whole figure.
 */
export function roundRatios(pair: ScenarioPair): number[] {
  if (!pair.portline || !pair.floor) return [];
  const f = pair.floor.blockP99;
  return pair.portline.blockP99.map((p, k) => p / f[k]).filter(Number.isFinite);
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.ceil(s.length / 2) - 1] : NaN;
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function latencyTable(pairs: ScenarioPair[]): string {
  const rows: string[][] = [];
  for (const p of pairs) {
    for (const r of [p.portline, p.floor]) {
      if (!r) continue;
      const a = usage(r, 'A');
      const b = usage(r, 'B');
      rows.push([
        `N=${p.clients}, R=${p.rate}`,
        r.system,
        String(r.clients),
        `${r.rate} (${f(r.achievedRate)})`,
        String(r.durationS),
        String(r.sent),
        `${r.acksOk} / ${r.acksFailed}`,
        `${r.deliveriesExpected} / ${r.deliveriesReceived}`,
        String(r.lost),
        String(r.duplicated),
        f(r.latency.p50),
        f(r.latency.p95),
        f(r.latency.p99),
        f(r.latency.max),
        r.system === 'portline' ? f(ratio(p), 2) : '',
        `${f(a?.cpuPct ?? NaN, 0)} / ${f(b?.cpuPct ?? NaN, 0)}`,
        `${f(a?.rssPeakMb ?? NaN, 0)} / ${f(b?.rssPeakMb ?? NaN, 0)}`,
      ]);
    }
  }
  return table(
    [
      'scenario',
      'system',
      'clients',
      'rate/s (achieved)',
      'duration s',
      'commands sent',
      'acks ok / failed',
      'deliveries expected / received',
      'lost',
      'duplicated',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'p99 / floor p99',
      'server CPU % A / B',
      'server RSS MB peak A / B',
    ],
    rows,
  );
}

function redisCell(r: NonNullable<LoadResult['redis']>): string {
  const spikes = Object.entries(r.spikes).map(([event, s]) => `${event} ${s.seconds} s, max ${s.maxMs} ms`);
  return `${f(r.pingP99Ms)} / ${f(r.pingMaxMs)}; ${spikes.length ? spikes.join(', ') : 'none'}`;
}

export function detailTable(pairs: ScenarioPair[]): string {
  const rows: string[][] = [];
  for (const p of pairs) {
    for (const r of [p.portline, p.floor]) {
      if (!r) continue;
      rows.push([
        `N=${p.clients}, R=${p.rate}`,
        r.system,
        `${f(r.ack.p50)} / ${f(r.ack.p99)}`,
        f(usage(r, 'redis')?.cpuPct ?? NaN, 0),
        f(usage(r, 'load')?.cpuPct ?? NaN, 0),
        r.machine ? `${f(r.machine.busyPct, 0)} / ${f(r.machine.othersPct, 0)} / ${f(r.machine.stealPct, 0)}` : '–',
        `${f(r.loadLoopP99)} / ${f(r.loadLoopMax)}`,
        r.redis ? redisCell(r.redis) : '–',
        String(r.messageBytes),
        Object.entries(r.messagesPerReaderPerS)
          .map(([event, n]) => `${event} ${f(n)}`)
          .join(', '),
        String(r.outOfOrder),
        String(r.disconnects),
        String(r.unknown),
        f(r.connectS),
        r.ackErrors.join('; ') || '–',
      ]);
    }
  }
  return table(
    [
      'scenario',
      'system',
      'ack p50 / p99 ms',
      'redis CPU %',
      'load process CPU %',
      'machine CPU % busy / others / steal',
      'load event-loop delay p99 / max ms',
      'redis: PING p99 / max ms; latency-monitor spikes ≥ 10 ms',
      'broadcast bytes',
      'messages / reader / s',
      'out of order',
      'reader disconnects',
      'unknown events',
      'connect+join s',
      'ack errors',
    ],
    rows,
  );
}

export function capacityTable(rows: CapacityResult[]): string {
  return table(
    ['in flight', 'commands/s', 'ack p50 / p99 ms', 'CPU % A / B / redis', 'failed'],
    rows.map((c) => [
      String(c.inflight),
      f(c.commandsPerSecond, 0),
      `${f(c.ack.p50)} / ${f(c.ack.p99)}`,
      `${f(c.cpu.A, 0)} / ${f(c.cpu.B, 0)} / ${f(c.cpu.redis, 0)}`,
      String(c.failed),
    ]),
  );
}

export function reducerTable(fold: ReducerResult[], live: { stateEvents: number; medianMs: number; p99Ms: number }): string {
  const rows = fold.map((r) => [
    `applyEvents(null, ${r.events.toLocaleString('en-US')} events)`,
    f(r.medianMs),
    `${f(r.minMs)} – ${f(r.maxMs)}`,
    `${r.tasks} tasks, ${r.messages.toLocaleString('en-US')} messages`,
  ]);
  rows.push([
    `one live event onto a ${live.stateEvents.toLocaleString('en-US')}-event state`,
    f(live.medianMs, 2),
    `p99 ${f(live.p99Ms, 2)}`,
    '',
  ]);
  return table(['what', 'median ms', 'min – max ms', 'final state'], rows);
}

export function targetLines(pairs: ScenarioPair[], fold: ReducerResult[] | null, t: Targets): string[] {
  const lines: string[] = [];
  for (const p of pairs) {
    if (!p.portline || !p.floor) continue;
    const r = ratio(p);
    const rounds = roundRatios(p);
    const clean = p.portline.lost === 0 && p.portline.duplicated === 0;
    const ok = r <= t.ratioMax && clean;
    const noise = Math.max(p.portline.machine.othersPct, p.floor.machine.othersPct);
    const verdict = !clean
      ? 'NOT met'
      : noise > t.noiseMaxPct
        ? `not judged: other work used ${noise.toFixed(0)}% of a core meanwhile (limit ${t.noiseMaxPct}%)`
        : ok
          ? 'met'
          : 'NOT met';
    lines.push(
      `- N=${p.clients}, R=${p.rate}: p99 ${f(p.portline.latency.p99)} ms vs floor ${f(p.floor.latency.p99)} ms → ratio ${f(r, 2)} ` +
        `(target ≤ ${t.ratioMax}); lost ${p.portline.lost}, duplicated ${p.portline.duplicated} → **${verdict}**. ` +
        `Per-round p99 ratios: ${rounds.map((x) => f(x, 2)).join(', ')} (median ${f(medianOf(rounds), 2)}).`,
    );
  }
  const big = fold?.find((r) => r.events === 100_000);
  if (big)
    lines.push(
      `- Reducer, 100,000 events: median ${f(big.medianMs)} ms (target ≤ ${t.reducerMaxMs} ms) → **${big.medianMs <= t.reducerMaxMs ? 'met' : 'NOT met'}**`,
    );
  return lines;
}

const BEGIN = '<!-- bench:begin — generated by `npm run bench`; edits between these markers are overwritten -->';
const END = '<!-- bench:end -->';

/** Replaces the generated part of the doc and keeps the hand-written notes around it. */
export function writeDoc(file: string, generated: string): void {
  const block = `${BEGIN}\n${generated.trim()}\n${END}`;
  if (existsSync(file)) {
    const old = readFileSync(file, 'utf8');
    const a = old.indexOf('<!-- bench:begin');
    const b = old.indexOf(END);
    if (a >= 0 && b > a) {
      writeFileSync(file, old.slice(0, a) + block + old.slice(b + END.length));
      return;
    }
  }
  writeFileSync(
    file,
    `# Performance\n\nHow fast Portline pushes an event to every client, against a bare Socket.IO broadcast on the same machine, and how fast the reducer folds a long log. Reproduce with \`npm run bench\` (about 5 minutes; see bench/run.ts for options).\n\n${block}\n\n## Analysis\n\n(Hand-written notes: kept when the bench rewrites the figures above.)\n`,
  );
}
