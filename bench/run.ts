import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startRedisServer } from '../server/testing/redis-server';
import { nginxBin } from '../server/testing/nginx';
import { portlineTarget, startPortline, type PortlineEnv } from './fanout';
import { measureCapacity, type CapacityResult } from './capacity';
import { floorTarget, startFloor, type FloorEnv } from './floor';
import { runInterleaved, type LoadResult, type Target } from './load';
import { childPids, newChildPid } from './proc-stats';
import { floorProcessStats } from './floor';
import { portlineProcessStats } from './fanout';
import { measureIdleMemory, type MemoryResult } from './memory';
import { runOverload, type OverloadResult } from './overload';
import { findSaturation, type SaturationResult } from './saturation';
import { hubHeapPerThousand, runSoak, soakTarget, type SoakResult } from './soak';
import { watchRedis } from './redis-watch';
import { formatProfile, profilesIn, summarizeProfile } from './profile-summary';
import { runReducerBench } from './reducer';
import { runReplayBench } from './replay';
import {
  capacityTable,
  cpuMsPerCommand,
  detailTable,
  latencyTable,
  memoryLines,
  memoryTable,
  overloadLines,
  saturationLines,
  saturationTable,
  soakLines,
  soakTable,
  reducerTable,
  targetLines,
  writeDoc,
  type MachineInfo,
  type ScenarioPair,
} from './report';

/**
 * npm run bench [-- options]
 *   --duration S      measured seconds per system and scenario (default 30)
 *   --block S         the systems alternate in blocks of S seconds (default 5)
 *   --warmup S        unmeasured seconds per system before measuring (default 5)
 *   --grace S         longest wait for a block's late deliveries (default 5)
 *   --scenarios LIST  e.g. 1000x10,100x100 (clients x commands per second; the default)
 *   --only SYSTEM     portline or floor; or replay: only the replay benchmark (about a minute)
 *   --no-replay       skip the replay benchmark (100,000 events in Chromium; bench/replay.ts)
 *   --no-reducer      skip the reducer benchmark
 *   --no-capacity     skip the single-incident command capacity probe
 *   --profile         run the Portline servers with --cpu-prof and print where their time went
 *                     (profiled figures are slower: the doc is not rewritten)
 *   --no-aof          diagnostic: Redis without AOF, to see what appendfsync always costs (doc not rewritten)
 *   --no-memory       skip server memory per idle client
 *   --memory-clients N   idle clients for it (default 2000, in 2 child processes)
 *   --no-saturation   skip the saturation search
 *   --saturation-clients N  (default 500)   --steps LIST (default 50,100,200,400,800)   --bisect K (default 2)
 *   --no-doc          do not rewrite docs/performance.md
 *   --no-build        run dist/server.cjs as it is (A/B runs of two builds; implies --no-doc)
 * npm run bench:full [-- options]  (= --full: only the long parts, into their own section of the doc)
 *   --no-soak / --no-overload    skip one of them
 *   --soak-minutes M  (default 20)   --soak-scenario NxR (default 200x20)
 *   --overload-scenario NxR (default 1000x500)   --overload-seconds S (default 30)
 * Everything runs on 127.0.0.1: one redis-server (AOF, appendfsync always); two
 * Portline processes (dist/server.cjs) behind an nginx running
 * deploy/nginx/portline.conf; two bare floor processes behind a second nginx
 * with the same config; this process as the load generator (all readers and
 * the writers); child processes for the idle and overload clients.
 */

const ROOT = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs', 'performance.md');
const TARGETS = { ratioMax: 1.25, reducerMaxMs: 300, noiseMaxPct: 25, saturationRatioMin: 0.8, memoryPerClientMaxBytes: 50_000 };

function cpuPerCommandText(r: LoadResult): string {
  const c = cpuMsPerCommand(r);
  return `${c.total.toFixed(2)} ms (A ${c.a.toFixed(2)} + B ${c.b.toFixed(2)})`;
}

function args() {
  const argv = process.argv.slice(2);
  const val = (name: string, def: string) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : def;
  };
  const scenario = (s: string) => {
    const [clients, rate] = s.split('x').map(Number);
    if (!(clients > 0 && rate > 0)) throw new Error(`bad scenario "${s}" (want CLIENTSxRATE)`);
    return { clients, rate };
  };
  const scenarios = val('--scenarios', '1000x10,100x100').split(',').map(scenario);
  const only = val('--only', '');
  const full = argv.includes('--full');
  return {
    full,
    memory: !full && !argv.includes('--no-memory'),
    memoryClients: Number(val('--memory-clients', '2000')),
    saturation: !full && !argv.includes('--no-saturation'),
    saturationClients: Number(val('--saturation-clients', '500')),
    steps: val('--steps', '50,100,200,400,800').split(',').map(Number),
    bisect: Number(val('--bisect', '2')),
    soak: full && !argv.includes('--no-soak'),
    soakMinutes: Number(val('--soak-minutes', '20')),
    soakScenario: scenario(val('--soak-scenario', '200x20')),
    overload: full && !argv.includes('--no-overload'),
    overloadScenario: scenario(val('--overload-scenario', '1000x500')),
    overloadSeconds: Number(val('--overload-seconds', '30')),
    durationS: Number(val('--duration', '30')),
    blockS: Number(val('--block', '5')),
    warmupS: Number(val('--warmup', '5')),
    graceS: Number(val('--grace', '5')),
    scenarios: full ? [] : scenarios,
    portline: only === '' || only === 'portline',
    floor: only === '' || only === 'floor',
    reducer: !full && only !== 'replay' && !argv.includes('--no-reducer'),
    replay: !full && (only === '' || only === 'replay') && !argv.includes('--no-replay'),
    replayOnly: only === 'replay',
    capacity: !full && !argv.includes('--no-capacity'),
    profile: argv.includes('--profile'),
    aof: !argv.includes('--no-aof'),
    /** Diagnostic: extra Node flags (NODE_OPTIONS) for Portline's server processes only. */
    portlineNodeFlags: val('--portline-node-flags', ''),
    build: !argv.includes('--no-build'),
    doc: !argv.includes('--no-doc') && !argv.includes('--profile') && !argv.includes('--no-aof') && !argv.includes('--portline-node-flags') && !argv.includes('--no-build'),
  };
}

function machine(): Omit<MachineInfo, 'loadAfter' | 'date'> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  let redis = 'unknown';
  try {
    redis = /v=(\S+)/.exec(execFileSync(process.env.REDIS_SERVER_BIN ?? 'redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? redis;
  } catch {
    // reported as unknown
  }
  let nginx = 'unknown';
  try {
    // nginx -v prints to stderr
    const r = spawnSync(nginxBin(), ['-v'], { encoding: 'utf8' });
    nginx = /nginx\/(\S+)/.exec(`${r.stderr}${r.stdout}`)?.[1] ?? nginx;
  } catch {
    // reported as unknown
  }
  return {
    cores: os.availableParallelism(),
    model: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    redis,
    nginx,
    loadBefore: os.loadavg(),
  };
}

const log = (line: string) => console.log(line);
const cleanups: Array<() => Promise<unknown>> = [];
let cleaning: Promise<void> | null = null;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop() as () => Promise<unknown>;
      await fn().catch((err: unknown) => console.error('cleanup:', err instanceof Error ? err.message : err));
    }
  })();
  return cleaning;
}

/** Cleans up, but exits within 30 s whatever happens. */
function stopNow(code: number): void {
  setTimeout(() => process.exit(code), 30_000);
  void cleanup().finally(() => process.exit(code));
}

let signalled = false;
function onSignal(sig: string): void {
  if (signalled) return; // a terminal's Ctrl-C and the forwarded copy: clean up once
  signalled = true;
  console.error(`\n${sig}: stopping every process this bench started…`);
  stopNow(130);
}

/** Server output lines worth reporting (anything but the start-up banner). */
function noteworthy(output: string): string[] {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('Portline listening') && !l.startsWith('floor listening') && !/^\[exited code=0 /.test(l));
}

async function main(): Promise<void> {
  const opts = args();
  /** Hard stop: the bench always ends by itself. */
  const watchdogMs = (opts.full ? (opts.soak ? opts.soakMinutes : 0) + 15 : 25) * 60_000;
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${watchdogMs / 60_000} min; stopping`);
    stopNow(1);
  }, watchdogMs);
  watchdog.unref();

  const m = machine();
  log(`Portline bench${opts.full ? ' (full: long parts)' : ''} — ${m.cores} cores (${m.model}), ${m.memoryGiB.toFixed(1)} GiB, Node ${m.node}, redis ${m.redis}, nginx ${m.nginx}`);
  log(`load average before: ${m.loadBefore.map((x) => x.toFixed(2)).join(' ')}`);
  if (m.loadBefore[0] > m.cores * 0.5) log('WARNING: the machine is already busy; figures will be noisy.');

  let reducer: ReturnType<typeof runReducerBench> | null = null;
  if (opts.reducer) {
    log('\nreducer: generating 100,000 events and folding them (median of 5 runs after warm-up)…');
    reducer = runReducerBench();
    for (const r of reducer.fold) log(`  ${r.events} events: median ${r.medianMs.toFixed(1)} ms (min ${r.minMs.toFixed(1)}, max ${r.maxMs.toFixed(1)})`);
    log(`  one live event onto a ${reducer.live.stateEvents}-event state: median ${reducer.live.medianMs.toFixed(2)} ms`);
  }

  if (opts.replay) {
    await runReplayBench({ log, doc: opts.doc });
    if (opts.replayOnly) {
      clearTimeout(watchdog);
      return;
    }
  }

  const pairs: ScenarioPair[] = opts.scenarios.map((s) => ({ ...s }));
  const serverNotes: string[] = [];
  const capacity: CapacityResult[] = [];
  const memory: MemoryResult[] = [];
  let saturation: SaturationResult[] = [];
  let overload: OverloadResult | null = null;
  let soak: SoakResult | null = null;
  let profileText = '';
  const profDir = path.join(ROOT, 'bench', 'out', 'prof');

  try {
    if (opts.build) {
      log('\nbuilding the server bundle (scripts/build-server.mjs)…');
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-server.mjs')], { cwd: ROOT, stdio: 'inherit' });
    } else log('\n--no-build: dist/server.cjs as it is');

    const redisBefore = new Set(childPids('redis-server'));
    const redis = await startRedisServer({ appendonly: opts.aof });
    cleanups.push(() => redis.stop());
    const redisPid = newChildPid(redisBefore, 'redis-server');
    const redisWatch = await watchRedis(redis.url);
    cleanups.push(() => redisWatch.close());
    log(`redis-server on ${redis.url} (${opts.aof ? 'appendonly yes, appendfsync always' : 'NO AOF: diagnostic run'}), pid ${redisPid}`);

    // Every server process: SIGUSR2 = full GC (bench/gc-hook.cjs, for the memory figures).
    // Node 20 refuses --cpu-prof in NODE_OPTIONS: with --profile a --require hook starts the profiler instead.
    const profEnv = (sys: string): Record<string, string> => ({
      NODE_OPTIONS: [
        `--require ${path.join(ROOT, 'bench', 'gc-hook.cjs')}`,
        ...(opts.profile ? [`--require ${path.join(ROOT, 'bench', 'cpu-profile-hook.cjs')}`] : []),
        ...(sys === 'portline' && opts.portlineNodeFlags ? [opts.portlineNodeFlags] : []),
      ].join(' '),
      ...(opts.profile ? { BENCH_CPU_PROF_DIR: path.join(profDir, sys) } : {}),
    });
    if (opts.profile) await rm(profDir, { recursive: true, force: true });

    let portline: PortlineEnv | null = null;
    let floor: FloorEnv | null = null;
    if (opts.portline) {
      portline = await startPortline(redis.url, profEnv('portline'));
      const p = portline;
      cleanups.push(async () => {
        await p.close();
        for (const [k, s] of p.servers.entries()) serverNotes.push(...noteworthy(s.output()).map((l) => `portline ${'AB'[k]}: ${l}`));
      });
      log(`portline: nginx ${p.url} (worker pids ${p.front.workerPids.join(', ')}) → A ${p.servers[0].url} (pid ${p.pids[0]}), B ${p.servers[1].url} (pid ${p.pids[1]})`);
    }
    if (opts.floor && !opts.full) {
      floor = await startFloor(redis.url, profEnv('floor'));
      const fl = floor;
      cleanups.push(async () => {
        await fl.close();
        for (const [k, s] of fl.servers.entries()) serverNotes.push(...noteworthy(s.output()).map((l) => `floor ${'AB'[k]}: ${l}`));
      });
      log(`floor: nginx ${fl.url} (worker pids ${fl.front.workerPids.join(', ')}) → A ${fl.servers[0].url} (pid ${fl.servers[0].pid}), B ${fl.servers[1].url} (pid ${fl.servers[1].pid})`);
    }

    const procsOf = (a: number, b: number, nginxWorkers: number[]): Target['procs'] => [
      { label: 'A', pid: a },
      { label: 'B', pid: b },
      ...nginxWorkers.map((pid, k) => ({ label: k === 0 ? 'nginx' : `nginx ${k + 1}`, pid })),
      { label: 'redis', pid: redisPid },
      { label: 'load', pid: process.pid },
    ];
    const portlineProcs = () => procsOf(portline!.pids[0], portline!.pids[1], portline!.front.workerPids);
    const floorProcs = () => procsOf(floor!.servers[0].pid, floor!.servers[1].pid, floor!.front.workerPids);

    // Memory first, on processes that have served nothing else yet.
    if (opts.memory) {
      log(`\nserver memory per idle client (${opts.memoryClients} clients in 2 child processes, through nginx):`);
      const subjects = [
        ...(floor ? [{ system: 'floor' as const, pids: [floor.servers[0].pid, floor.servers[1].pid] as const, stats: (k: 0 | 1) => floorProcessStats(floor!, k), target: () => Promise.resolve(floorTarget(floor!, floorProcs())) }] : []),
        ...(portline ? [{ system: 'portline' as const, pids: portline.pids, stats: (k: 0 | 1) => portlineProcessStats(portline!, k), target: () => portlineTarget(portline!, portlineProcs()) }] : []),
      ];
      for (const s of subjects) {
        const r = await measureIdleMemory(s, await s.target(), { clients: opts.memoryClients, processes: 2, settleS: 3, log });
        memory.push(r);
        log(
          `  ${r.system}: RSS ${r.before.map((p) => p.rssMb.toFixed(0)).join(' + ')} → ${r.after.map((p) => p.rssMb.toFixed(0)).join(' + ')} MB, ` +
            `heap ${r.before.map((p) => p.heapMb.toFixed(0)).join(' + ')} → ${r.after.map((p) => p.heapMb.toFixed(0)).join(' + ')} MB, ` +
            `clients per process ${r.after.map((p) => p.clients).join(' / ')} → ${r.rssPerClientKiB.toFixed(1)} KiB RSS, ${r.heapPerClientKiB.toFixed(1)} KiB heap per client`,
        );
      }
    }

    const baseLoad = { warmupS: opts.warmupS, durationS: opts.durationS, blockS: opts.blockS, graceS: opts.graceS, batch: 50, log, redis: redisWatch };
    for (const pair of pairs) {
      const load = { ...baseLoad, clients: pair.clients, rate: pair.rate };
      const show = (r: LoadResult) =>
        log(
          `  → p50 ${r.latency.p50.toFixed(1)} p95 ${r.latency.p95.toFixed(1)} p99 ${r.latency.p99.toFixed(1)} max ${r.latency.max.toFixed(1)} ms; ` +
            `acks ${r.acksOk}/${r.acksFailed}; lost ${r.lost}, duplicated ${r.duplicated}; ` +
            r.procs.map((p) => `${p.label} ${p.cpuPct.toFixed(0)}% ${p.rssPeakMb.toFixed(0)} MB`).join(', ') +
            `; server CPU per command ${cpuPerCommandText(r)}` +
            (r.machine ? `; other work on the machine ${r.machine.othersPct.toFixed(0)}% (of one core), steal ${r.machine.stealPct.toFixed(0)}%` : '') +
            `; load-process loop delay max ${r.loadLoopMax.toFixed(0)} ms` +
            (r.redis ? `; redis ping max ${r.redis.pingMaxMs.toFixed(0)} ms, spikes ${JSON.stringify(r.redis.spikes)}` : ''),
        );
      log(`\nN=${pair.clients}, R=${pair.rate}`);
      const targets: Target[] = [];
      if (floor) targets.push(floorTarget(floor, floorProcs()));
      if (portline) targets.push(await portlineTarget(portline, portlineProcs()));
      for (const r of await runInterleaved(targets, load)) {
        pair[r.system] = r;
        log(`  ${r.system}:`);
        show(r);
      }
    }

    if (opts.saturation) {
      log(`\nsaturation: highest R at N=${opts.saturationClients} with p99 < 1 s (steps ${opts.steps.join(', ')}, then ${opts.bisect} bisections):`);
      saturation = await findSaturation(
        [
          ...(floor ? [{ system: 'floor' as const, target: () => Promise.resolve(floorTarget(floor!, floorProcs())) }] : []),
          ...(portline ? [{ system: 'portline' as const, target: () => portlineTarget(portline!, portlineProcs()) }] : []),
        ],
        { ...baseLoad, clients: opts.saturationClients, warmupS: 2, durationS: 8, blockS: 4, graceS: 3 },
        { steps: opts.steps, bisect: opts.bisect, log },
      );
      for (const s of saturation) log(`  ${s.system}: ${s.rate}/s (first failure at ${s.failedAt}/s)`);
    }

    if (portline && opts.capacity) {
      log('\ncapacity of one incident (closed loop, no readers):');
      for (const inflight of [1, 32]) {
        const target = await portlineTarget(portline, []);
        const c = await measureCapacity(target, portlineProcs(), { inflight, seconds: 8, warmup: 100 });
        capacity.push(c);
        log(`  ${inflight} in flight: ${c.commandsPerSecond.toFixed(0)} commands/s, ack p50 ${c.ack.p50.toFixed(1)} ms; CPU A ${c.cpu.A.toFixed(0)}%, B ${c.cpu.B.toFixed(0)}%, redis ${c.cpu.redis.toFixed(0)}%`);
      }
    }

    if (portline && opts.overload) {
      const { clients, rate } = opts.overloadScenario;
      log(`\noverload: ${clients} clients (2 child processes, through nginx) sending ${rate} commands/s between them for ${opts.overloadSeconds} s:`);
      overload = await runOverload(portline, await portlineTarget(portline, []), [...portlineProcs().filter((p) => p.label !== 'load'), { label: 'nginx master', pid: portline.front.masterPid }], {
        clients,
        rate,
        seconds: opts.overloadSeconds,
        processes: 2,
        observeS: 45,
        log,
      });
      log(`  ${JSON.stringify({ ...overload, probes: overload.probes.length })}`);
    }

    if (portline && opts.soak) {
      const { clients, rate } = opts.soakScenario;
      log(`\nsoak: N=${clients}, R=${rate} for ${opts.soakMinutes} min, server memory every minute:`);
      soak = await runSoak(portline, await soakTarget(portline, portlineProcs()), { ...baseLoad, clients, rate }, opts.soakMinutes);
      soak.hubKiBPerThousand = hubHeapPerThousand(soak.events);
    }
  } finally {
    await cleanup();
  }

  if (opts.profile) {
    for (const sys of ['portline', 'floor']) {
      let files: string[] = [];
      try {
        files = profilesIn(path.join(profDir, sys));
      } catch {
        continue;
      }
      for (const file of files) profileText += formatProfile(summarizeProfile(file, 25), `${sys} ${path.basename(file)}`) + '\n\n';
    }
  }

  const info: MachineInfo = { ...m, loadAfter: os.loadavg(), date: new Date().toISOString() };
  const out = opts.full
    ? renderFull(info, overload, soak, serverNotes)
    : render(info, opts, pairs, reducer, capacity, memory, saturation, serverNotes);
  log(`\n${out}`);
  // Every figure (the overload's probes too) for a closer look than the doc gives.
  const json = path.join(ROOT, 'bench', 'out', opts.full ? 'last-full.json' : 'last.json');
  mkdirSync(path.dirname(json), { recursive: true });
  writeFileSync(json, JSON.stringify({ machine: info, pairs, memory, saturation, capacity, overload, soak }, null, 1));
  log(`figures in ${path.relative(ROOT, json)}`);
  if (profileText) log(`\nCPU profiles (${profDir}):\n\n${profileText}`);
  if (opts.doc) {
    writeDoc(DOC, out, opts.full ? 'bench-full' : 'bench');
    log(`wrote ${path.relative(ROOT, DOC)}`);
  }
}

/**
 * Server output for the doc: pino's JSON lines grouped by process, level, message
 * and code (count, and the range of their `ms`), other lines once each.
 */
function summarizeNotes(notes: string[]): string[] {
  const groups = new Map<string, { n: number; min: number; max: number }>();
  for (const line of notes) {
    const m = /^(\S+ \S+): (\{.*\})$/.exec(line);
    let key = line;
    let ms = NaN;
    if (m) {
      try {
        const o = JSON.parse(m[2]) as { level?: number; msg?: string; code?: string; ms?: number };
        key = `${m[1]}: level ${o.level} "${o.msg}"${o.code ? ` (${o.code})` : ''}`;
        ms = Number(o.ms);
      } catch {
        // not JSON: kept whole
      }
    }
    const g = groups.get(key) ?? { n: 0, min: Infinity, max: -Infinity };
    g.n++;
    if (Number.isFinite(ms)) [g.min, g.max] = [Math.min(g.min, ms), Math.max(g.max, ms)];
    groups.set(key, g);
  }
  return [...groups].map(([k, g]) => `${g.n}× ${k.slice(0, 300)}${Number.isFinite(g.min) ? `, ms ${g.min}–${g.max}` : ''}`);
}

/** Says so when other work used a good part of the machine while the bench measured. */
function noiseLines(pairs: ScenarioPair[]): string[] {
  const others = pairs.flatMap((p) => [p.floor, p.portline]).flatMap((r) => (r ? [r.machine.othersPct] : []));
  if (others.length === 0) return [];
  const worst = Math.max(...others);
  if (worst <= TARGETS.noiseMaxPct)
    return [`- Other work on the machine during the measured blocks: at most ${worst.toFixed(0)}% of one core (quiet enough to judge).`];
  return [
    `- **Noisy run**: other work used up to ${worst.toFixed(0)}% of one core (of 200%) while the bench measured; both systems share it (alternating blocks), but tails are inflated and the ratio is not judged above ${TARGETS.noiseMaxPct}%. Re-run on a quiet machine.`,
  ];
}

function render(
  m: MachineInfo,
  opts: ReturnType<typeof args>,
  pairs: ScenarioPair[],
  reducer: ReturnType<typeof runReducerBench> | null,
  capacity: CapacityResult[],
  memory: MemoryResult[],
  saturation: SaturationResult[],
  serverNotes: string[],
): string {
  const lines = [
    '## Latest run',
    '',
    machineLine(m),
    `- Date: ${m.date}; load average before ${m.loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${m.loadAfter.map((x) => x.toFixed(2)).join(' ')}`,
    '- Path: every client (readers, writers, idle clients) connects through nginx running deploy/nginx/portline.conf (least_conn, websocket upgrade); Portline and the floor each have their own nginx with that config in front of their two processes.',
    `- Each scenario: both systems' readers connected at once; ${opts.warmupS} s warm-up per system (not measured), then ${opts.durationS} s measured per system in alternating ${opts.blockS} s blocks (floor, Portline, Portline, floor, …), each block followed by up to ${opts.graceS} s for late deliveries.`,
    '',
    '### Targets',
    '',
    ...targetLines(pairs, reducer?.fold ?? null, TARGETS),
    ...saturationLines(saturation, TARGETS),
    ...memoryLines(memory, TARGETS),
    ...noiseLines(pairs),
    '',
    '### Fan-out: command sent → event at every client',
    '',
    latencyTable(pairs),
    '',
    'Latency is per delivery (one sample per client per event). CPU is the average over the measured window in % of one core; CPU per command is the CPU time of both server processes in that window over the commands sent (other work on the machine moves it far less than latency; compare with the floor of the same run); RSS is the highest sample (every 250 ms) in that window.',
    '',
    detailTable(pairs),
    '',
  ];
  if (saturation.length) {
    lines.push(
      '### Saturation: highest R with p99 < 1 s',
      '',
      `N=${saturation[0].clients} readers; R steps ${opts.steps.join(', ')} until a step fails, then ${opts.bisect} geometric bisections of the gap. Each step: one system alone (floor first, then Portline at the same R), 2 s warm-up, 8 s measured (2 blocks of 4 s), up to 3 s for late deliveries. A step passes with p99 < 1 s, every ack ok, nothing lost and the writer within 5% of R.`,
      '',
      saturationTable(saturation),
      '',
    );
  }
  if (memory.length) {
    lines.push(
      '### Server memory per idle client',
      '',
      `Both server processes before and after ${memory[0].clients} clients (held by 2 child processes of the bench) connected through nginx, authenticated (Portline: one observer token) and joined an incident (Portline: \`incident:join\`; floor: a room). Each figure is the median of 3 samples, each taken 1 s after a full GC in both processes (SIGUSR2 → gc(), bench/gc-hook.cjs, loaded into every bench server process), starting 3 s after the last client joined; a warm-up round of as many clients connects and leaves before the “before” samples (so that V8's young generation, which the connection burst grows from 8 to 32 MiB per process and which stays so, is not charged to the clients). The target is 50 KB = 50,000 bytes = 48.8 KiB. Heap = V8 heap used (Portline: \`nodejs_heap_size_used_bytes\` from each process's /metrics; floor: \`process.memoryUsage()\`).`,
      '',
      memoryTable(memory),
      '',
    );
  }
  if (capacity.length) {
    lines.push(
      '### Command capacity of one incident',
      '',
      'The writer keeps k commands outstanding on one socket (no readers, fresh incident, same command mix). Commands of one incident are decided one at a time, each after the previous append returned from Redis, so this is the ceiling of R in the scenarios above.',
      '',
      capacityTable(capacity),
      '',
    );
  }
  if (reducer) {
    lines.push('### Reducer (lib/domain/incident/evolve.ts)', '', reducerTable(reducer.fold, reducer.live), '');
  }
  lines.push(
    '### Server output during the run',
    '',
    serverNotes.length ? summarizeNotes(serverNotes).slice(0, 30).map((l) => `    ${l}`).join('\n') : 'Nothing but the start-up banners (LOG_LEVEL=warn).',
    '',
    '### Method',
    '',
    '- One redis-server started for the run (`--appendonly yes --appendfsync always`, fresh temp dir) serves both systems.',
    '- Portline: two processes of the production bundle (`node scripts/build-server.mjs` → `dist/server.cjs`, LOG_LEVEL=warn, no Next) behind nginx (deploy/nginx/portline.conf, rendered by server/testing/nginx.ts: only the upstream servers, the listen port and the cache path replaced; 2 worker processes, as `worker_processes auto` gives on 2 cores). One observer account; every reader socket uses its token (`createSocket({ url, token, websocketOnly: true })`) and connects to nginx, which spreads them over the two processes (least_conn), and joins a fresh hazmat incident (7 agencies) with `incident:join` (sinceSeq 0). The writer, an admin socket through the same nginx, sends `command:submit` alternately PostMessage and CreateTask at R per second on a fixed schedule (open loop: it does not wait for acks).',
    '- Floor (`bench/floor-server.ts`): `new Server(httpServer)` + `@socket.io/redis-adapter` (node-redis pub/sub clients) on the same redis-server, two processes behind a second nginx with the same config, readers and writer connecting the same way. The writer sends the very event Portline would push (same JSON shape and size); the server does `io.to(room).emit("incident:events", …)` and acks.',
    '- Readers and writer live in this one process (run with `--single-threaded-gc --max-semi-space-size=64`, so that its own GC pauses stay short on a busy machine): latency = arrival time at a reader − send time of the command, both `performance.now()`. The event carries its command id, which maps it to its send time; acks give the seqs every reader must get. Lost = acked (reader, seq) pairs never received; duplicated = a seq received twice by one reader.',
    '- Readers connect 50 at a time. Both systems\' readers stay connected for the whole scenario and the writers take turns in short blocks (floor, Portline, Portline, floor, …), each block waiting for its deliveries before the next starts: outside load on the shared machine then falls on both systems alike. The same load process parses the N copies of every event for both, so its own cost is in both p99s.',
    '- The Portline writer is one socket, so the per-socket command limit (SPEC AUTH10, 20/s by default) is raised to 1000/s for the bench processes; nothing else is configured away.',
    '- Also recorded: CPU of the whole machine minus the processes of the bench (servers, the nginx worker, redis, the load process): other work sharing the machine, the load process\'s own timer lag, Redis\'s latency monitor (threshold 10 ms; `aof-fsync-always` = a slow fsync) and a PING every 100 ms, and every message the readers get (Portline also pushes `incidents:changed` list hints to every socket).',
    '- Reducer: 100,000 generated events (about 40 tasks through their lifecycle, edits and reassignments, messages, agency status, phase and severity changes), numbered with `fixtures.sequence()` and JSON round-tripped as events arrive from the store or the socket; `applyEvents(null, events)` timed 5 times after 2 warm-up folds, median reported; same for the first 10,000.',
  );
  return lines.join('\n');
}

/**
 * The load process runs with a GC that cannot stall on descheduled helper threads
 * and a larger young generation: on a busy 2-core machine, parallel scavenges of
 * the 2,000 client sockets' garbage were seen to pause it for 100–250 ms, which
 * would be charged to whichever system was being measured.
 */
const LOAD_PROCESS_FLAGS = ['--single-threaded-gc', '--max-semi-space-size=64'];

if (process.env.BENCH_LOAD_PROCESS !== '1') {
  const child = spawn(process.execPath, [...LOAD_PROCESS_FLAGS, ...process.execArgv, process.argv[1], ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_LOAD_PROCESS: '1' },
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => onSignal(sig));
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      stopNow(1);
    },
  );
}

function machineLine(m: MachineInfo): string {
  return `- Machine: ${m.cores} cores (${m.model}), ${m.memoryGiB.toFixed(1)} GiB RAM; Node ${m.node}; redis-server ${m.redis}; nginx ${m.nginx}`;
}

/** The section `npm run bench:full` writes (its own markers, so the two runs do not overwrite each other). */
function renderFull(m: MachineInfo, overload: OverloadResult | null, soak: SoakResult | null, serverNotes: string[]): string {
  const lines = [
    '## Latest long run (`npm run bench:full`)',
    '',
    machineLine(m),
    `- Date: ${m.date}; load average before ${m.loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${m.loadAfter.map((x) => x.toFixed(2)).join(' ')}`,
    '- Same set-up as above: one redis-server (AOF, appendfsync always), two Portline processes (dist/server.cjs) behind nginx with deploy/nginx/portline.conf; every client connects through nginx.',
    '',
  ];
  if (overload) lines.push('### Overload', '', ...overloadLines(overload), '');
  else lines.push('### Overload', '', 'Not run this time (`--no-overload`).', '');
  if (soak) lines.push('### Soak', '', ...soakLines(soak), '', soakTable(soak), '');
  else lines.push('### Soak', '', 'Not run this time (`--no-soak`).', '');
  lines.push(
    '### Server output during the run',
    '',
    serverNotes.length ? summarizeNotes(serverNotes).slice(0, 30).map((l) => `    ${l}`).join('\n') : 'Nothing but the start-up banners (LOG_LEVEL=warn).',
  );
  return lines.join('\n');
}
