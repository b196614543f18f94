import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CapacityResult } from './capacity';
import type { LoadResult } from './load';
import type { MemoryResult } from './memory';
import type { OverloadResult } from './overload';
import { P99_LIMIT_MS, type SaturationResult } from './saturation';
import { slope, type SoakResult } from './soak';
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
  nginx: string;
  date: string;
  loadBefore: number[];
  loadAfter: number[];
}

export interface Targets {
  ratioMax: number;
  reducerMaxMs: number;
  /** Above this much other work on the machine (% of one core), a ratio is reported but not judged. */
  noiseMaxPct: number;
  /** Portline's saturation R / the floor's, at least. */
  saturationRatioMin: number;
  /** The issue's 50 KB, in bytes. */
  memoryPerClientMaxBytes: number;
}

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const usage = (r: LoadResult, label: string): { cpuPct: number; rssPeakMb: number } | undefined =>
  label === 'nginx'
    ? // every nginx worker, summed
      { cpuPct: r.procs.filter((p) => p.label.startsWith('nginx')).reduce((s, p) => s + p.cpuPct, 0), rssPeakMb: NaN }
    : r.procs.find((p) => p.label === label);

/**
 * CPU time of the two server processes in the measured blocks divided by the
 * commands sent in them, ms: other work on the machine moves it far less than
 * latency (it counts only the servers' own user + system time), though a
 * starved process packs more socket writes into each syscall.
 */
export function cpuMsPerCommand(r: LoadResult): { a: number; b: number; total: number } {
  const ms = (label: string) => (1000 * (r.procs.find((p) => p.label === label)?.cpuS ?? NaN)) / r.sent;
  const a = ms('A');
  const b = ms('B');
  return { a, b, total: a + b };
}

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
        f(cpuMsPerCommand(r).total, 2),
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
      'server CPU ms / command (A + B)',
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
        f(usage(r, 'nginx')?.cpuPct ?? NaN, 0),
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
      'nginx CPU %',
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

/**
 * Replaces one generated part of the doc (`bench`: npm run bench; `bench-full`:
 * npm run bench:full) and keeps the hand-written notes around it. A missing
 * bench-full block goes right after the bench block.
 */
export function writeDoc(file: string, generated: string, name: 'bench' | 'bench-full' = 'bench'): void {
  const BEGIN = `<!-- ${name}:begin — generated by \`npm run ${name === 'bench' ? 'bench' : 'bench:full'}\`; edits between these markers are overwritten -->`;
  const END = `<!-- ${name}:end -->`;
  const block = `${BEGIN}\n${generated.trim()}\n${END}`;
  if (existsSync(file)) {
    const old = readFileSync(file, 'utf8');
    const a = old.indexOf(`<!-- ${name}:begin`);
    const b = old.indexOf(END);
    if (a >= 0 && b > a) {
      writeFileSync(file, old.slice(0, a) + block + old.slice(b + END.length));
      return;
    }
    const after = old.indexOf('<!-- bench:end -->');
    if (name === 'bench-full' && after >= 0) {
      const at = after + '<!-- bench:end -->'.length;
      writeFileSync(file, `${old.slice(0, at)}\n\n${block}${old.slice(at)}`);
      return;
    }
  }
  writeFileSync(
    file,
    `# Performance\n\nHow fast Portline pushes an event to every client, against a bare Socket.IO broadcast on the same machine, and how fast the reducer folds a long log. Reproduce with \`npm run bench\` (about 5 minutes; see bench/run.ts for options).\n\n${block}\n\n## Analysis\n\n(Hand-written notes: kept when the bench rewrites the figures above.)\n`,
  );
}

export function saturationLines(sat: SaturationResult[], t: Targets): string[] {
  if (sat.length === 0) return [];
  const p = sat.find((s) => s.system === 'portline');
  const fl = sat.find((s) => s.system === 'floor');
  const desc = (s: SaturationResult) =>
    `${s.rate > 0 ? `${s.rate}/s` : `below ${s.failedAt}/s`}${Number.isFinite(s.failedAt) ? ` (fails at ${s.failedAt}/s)` : ' (passed every step)'}`;
  if (!p || !fl) return sat.map((s) => `- Saturation at N=${s.clients}, ${s.system}: ${desc(s)}`);
  const r = fl.rate > 0 ? p.rate / fl.rate : NaN;
  const capped = !Number.isFinite(fl.failedAt) && !Number.isFinite(p.failedAt);
  const noise = Math.max(...sat.flatMap((s) => s.steps.map((st) => st.result.machine.othersPct)));
  return [
    `- Saturation at N=${p.clients} (highest R with p99 < ${P99_LIMIT_MS / 1000} s): Portline ${desc(p)}, floor ${desc(fl)} → ratio ${f(r, 2)} (target ≥ ${t.saturationRatioMin}) → **${capped ? 'not judged: both passed every step' : noise > t.noiseMaxPct ? `not judged: other work used up to ${noise.toFixed(0)}% of a core meanwhile (limit ${t.noiseMaxPct}%)` : r >= t.saturationRatioMin ? 'met' : 'NOT met'}**`,
  ];
}

export function saturationTable(sat: SaturationResult[]): string {
  const rows: string[][] = [];
  for (const s of sat)
    for (const st of [...s.steps].sort((a, b) => a.rate - b.rate)) {
      const r = st.result;
      rows.push([
        s.system,
        String(st.rate),
        f(r.achievedRate),
        `${r.acksOk} / ${r.acksFailed}`,
        String(r.lost),
        f(r.latency.p50),
        f(r.latency.p99),
        f(r.ack.p99),
        `${f(usage(r, 'A')?.cpuPct ?? NaN, 0)} / ${f(usage(r, 'B')?.cpuPct ?? NaN, 0)} / ${f(usage(r, 'nginx')?.cpuPct ?? NaN, 0)} / ${f(usage(r, 'redis')?.cpuPct ?? NaN, 0)} / ${f(usage(r, 'load')?.cpuPct ?? NaN, 0)}`,
        f(r.machine.othersPct, 0),
        st.pass ? 'pass' : 'FAIL',
      ]);
    }
  return table(
    ['system', 'R/s', 'achieved', 'acks ok / failed', 'lost', 'p50 ms', 'p99 ms', 'ack p99 ms', 'CPU % A / B / nginx / redis / load', 'other work %', 'verdict'],
    rows,
  );
}

export function memoryLines(mem: MemoryResult[], t: Targets): string[] {
  return mem.map(
    (m) =>
      `- Server memory per idle client, ${m.system} (${m.clients} clients, 2 processes): ${f(m.rssPerClientKiB)} KiB RSS, ${f(m.heapPerClientKiB)} KiB heap` +
      (m.system === 'portline'
        ? ` (target ≤ ${t.memoryPerClientMaxBytes / 1000} KB = ${f(t.memoryPerClientMaxBytes / 1024)} KiB) → **${m.rssPerClientKiB * 1024 <= t.memoryPerClientMaxBytes ? 'met' : 'NOT met'}**`
        : ' (reference)'),
  );
}

export function memoryTable(mem: MemoryResult[]): string {
  const rows: string[][] = [];
  for (const m of mem)
    for (const k of [0, 1])
      rows.push([
        m.system,
        m.before[k].label,
        String(m.after[k].clients - m.before[k].clients),
        `${f(m.before[k].rssMb)} → ${f(m.after[k].rssMb)}`,
        `${f(m.before[k].heapMb)} → ${f(m.after[k].heapMb)}`,
        `${f(m.before[k].externalMb)} → ${f(m.after[k].externalMb)}`,
        k === 0 ? `${f(m.rssPerClientKiB)} / ${f(m.heapPerClientKiB)}` : '',
        k === 0 ? f(m.connectS) : '',
      ]);
  return table(['system', 'process', 'clients added', 'RSS MiB before → after', 'heap MiB before → after', 'external MiB before → after', 'KiB per client RSS / heap (both processes)', 'connect+join s'], rows);
}

export function overloadLines(o: OverloadResult): string[] {
  const codes = Object.entries(o.codes)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  const rss = o.procs.filter((p) => p.label === 'A' || p.label === 'B');
  const failed = Object.entries(o.codes).filter(([c]) => c !== 'ok');
  const untyped = failed.filter(([c]) => !['RATE_LIMITED', 'STORE_UNAVAILABLE', 'TIMEOUT'].includes(c));
  const ok = o.exited.length === 0 && o.unhandled === 0 && untyped.length === 0 && o.recoveryS !== null && o.recoveryS <= 30;
  const probesAfter = o.probes.filter((p) => p.atS >= 0);
  return [
    `- Load: ${o.clients} clients (2 child processes, through nginx, all joined to one incident, one admin token) sending ${o.rate} commands/s between them for ${o.seconds} s; they sent ${o.sent} in ${f(o.sendS)} s (${f(o.sent / o.sendS)}/s achieved; clients starved of CPU fall behind the schedule). Every client also receives every event.`,
    `- Acks by code: ${codes}${failed.length ? '' : ' (none refused)'}. TIMEOUT = no ack within the clients' 10 s. Ack time of the ok ones, p50 / p99 per client process: ${o.ackMs.map((a) => `${f(a.p50, 0)} / ${f(a.p99, 0)} ms`).join('; ')}. Client disconnects: ${o.clientDisconnects}${o.clientDisconnects ? ` (${Object.entries(o.disconnectReasons).map(([why, n]) => `${why} ${n}`).join(', ')})` : ''}.`,
    `- Server-side errors counted (portline_errors_total, both processes): ${Object.entries(o.serverErrors).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}; unhandled errors: ${o.unhandled}.`,
    `- Processes exited: ${o.exited.length ? `**${o.exited.join(', ')}**` : 'none'}. Highest RSS: ${rss.map((p) => `${p.label} ${f(p.rssPeakMb, 0)} MiB`).join(', ')}; CPU over the test: ${o.procs.map((p) => `${p.label} ${f(p.cpuPct, 0)}%`).join(', ')}.`,
    `- Recovery: a probe socket submits one command at a time (every 500 ms) to the same incident; ${o.recoveryS === null ? '**no run of probes acked within 1 s to the end of the 45 s watched after the load stopped**' : `from ${f(o.recoveryS)} s after the load stopped every probe was acked within 1 s`} (${probesAfter.length} probes after the stop, slowest ${f(Math.max(...probesAfter.map((p) => p.ms ?? Infinity)), 0)} ms${probesAfter.some((p) => p.ms === null) ? ', some failed' : ''}).`,
    `- Verdict (no process exits, no unhandled error, refusals only RATE_LIMITED / STORE_UNAVAILABLE / TIMEOUT${untyped.length ? ` — also seen: ${untyped.map(([c, n]) => `${c} ${n}`).join(', ')}` : ''}, recovery ≤ 30 s): **${ok ? 'met' : 'NOT met'}**.`,
  ];
}

export function soakLines(s: SoakResult): string[] {
  const mins = s.samples.map((x) => x.minute);
  const half = s.samples.slice(Math.floor(s.samples.length / 2));
  const line = (label: string, k: 0 | 1) => {
    const rss = s.samples.map((x) => x.rssMb[k]);
    const heap = s.samples.map((x) => x.heapMb[k]);
    return (
      `- ${label}: RSS first ${f(rss[0], 0)}, last ${f(rss[rss.length - 1], 0)}, max ${f(Math.max(...rss), 0)} MiB, slope ${f(slope(mins, rss), 2)} MiB/min (second half ${f(slope(half.map((x) => x.minute), half.map((x) => x.rssMb[k])), 2)}); ` +
      `heap first ${f(heap[0], 0)}, last ${f(heap[heap.length - 1], 0)}, max ${f(Math.max(...heap), 0)} MiB, slope ${f(slope(mins, heap), 2)} MiB/min (second half ${f(slope(half.map((x) => x.minute), half.map((x) => x.heapMb[k])), 2)}).`
    );
  };
  const perMin = s.events / s.minutes / 1000; // thousands of events a minute
  const per1000 = (k: 0 | 1) => (slope(mins, s.samples.map((x) => x.heapMb[k])) * 1024) / perMin;
  return [
    `- Load: N=${s.clients} readers, R=${s.rate} commands/s, ${s.minutes} min, one incident (${s.events} events acked; the writer moves the agencies' statuses on, so its state keeps its size). Deliveries: p99 ${f(s.p99)} ms over the run; lost ${s.lost}, duplicated ${s.duplicated}, acks failed ${s.acksFailed}.`,
    line('Process A', 0),
    line('Process B', 1),
    `- Heap samples are taken 1 s after a full GC in both processes (SIGUSR2, bench/gc-hook.cjs). Heap growth per 1,000 events (whole-run slope): A ${f(per1000(0), 0)} KiB, B ${f(per1000(1), 0)} KiB` +
      (s.hubKiBPerThousand === undefined
        ? '.'
        : `; what the incident's own hub holds per 1,000 of the same events (its state and its newest command ids, measured in the bench process over as many events: bench/soak.ts, hubHeapPerThousand): ${f(s.hubKiBPerThousand, 0)} KiB. Growth beyond that would point to a leak.`),
  ];
}

export function soakTable(s: SoakResult): string {
  return table(
    ['minute', 'RSS MiB A / B', 'heap MiB A / B', 'p50 / p99 ms'],
    s.samples.map((x) => [String(x.minute), `${f(x.rssMb[0], 0)} / ${f(x.rssMb[1], 0)}`, `${f(x.heapMb[0])} / ${f(x.heapMb[1])}`, `${f(x.p50)} / ${f(x.p99)}`]),
  );
}
