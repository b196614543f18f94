import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { applyEvents } from '../lib/domain/incident/evolve';
import { SESSION_COOKIE } from '../lib/protocol/http';
import { checkpointOf, REPLAY_LIMITS } from '../lib/protocol/replay';
import Database from 'better-sqlite3';
import { seedLongIncident } from '../server/demo/long-incident';
import { CheckpointCache } from '../server/incidents/checkpoints';
import { createLogger } from '../server/log';
import { createStore } from '../server/store/create-store';
import { createUser, signIn } from '../server/testing/client';
import { startServerProcess, TEST_ADMIN_PASSWORD } from '../server/testing/server-process';

/**
 * The replay benchmark (issue #5, SPEC REV1): an incident of 100,000 events seeded
 * straight into a SQLite data dir through the store's appendBatch, the production
 * app on it, and real Chromium (Playwright) measuring
 *   - navigation → the board rendered at a moment (target ≤ 2 s), cold (the server
 *     folds the log into checkpoints on that first request) and warm;
 *   - slider move → the state rendered (target ≤ 50 ms): small moves (a drag) and
 *     jumps anywhere (a chunk to fetch), p50 / p95 / max.
 * Also, to choose K: chunk size and fold time at several K.
 * Run alone: `npx tsx bench/run.ts --only replay` (or `npx tsx bench/replay.ts`).
 */

const ROOT = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs', 'performance.md');
export const REPLAY_TARGETS = { openMs: 2000, moveMs: 50 };
const EVENTS = 100_000;
/** A person's first move comes this long after the board appeared (the fill starts after FILL_QUIET_MS = 300). */
const FIRST_MOVE_PAUSE_MS = 600;
const HOUR = 3_600_000;

export interface ReplayBenchResult {
  events: number;
  seedMs: number;
  kChoice: Array<{ k: number; chunkKiB: number; basedKiB: number; foldMs: number }>;
  indexKiB: number;
  open: Array<{ label: string; seq: number; ms: number; htmlMs: number; indexAskedMs: number; indexMs: number; chunkMs: number; scriptsMs?: number }>;
  dragSync: Stats;
  cards: { tasks: number; messages: number; timeline: number };
  drag: Stats;
  jump: Stats;
  /** Jumps right after a fresh open, while the background fill still runs (chunks may need a fetch). */
  jumpCold: Stats;
  /** A person's first move: a fresh open, then one jump FIRST_MOVE_PAUSE_MS later to a moment not held (10 opens). */
  firstMove: Stats;
  /** Of the cold jumps that fetched their moment (or, without the moment route, their chunk): medians of when (ms after the move) it was answered, ready to show, and rendered. */
  jumpColdParts: { n: number; answeredMs: number; readyMs: number; renderedMs: number; kib: number };
  /** One event forward (the arrow key on the slider). */
  step: Stats;
  /**
   * The server alone (no Next, no browser), just started: the first index request (the hub's
   * load of the whole log), and the longest a /healthz request polled meanwhile waited: how
   * long the load held the process from everyone else. Three rounds, each a fresh process.
   */
  coldLoad: Array<{ indexMs: number; healthzMaxMs: number; probes: number }>;
  /** The room the stored checkpoints take (SPEC REV6), beside the log's events. */
  storedKiB: { meta: number; state: number; events: number };
  /**
   * Navigation → the whole incident held in the page (mark 'replay-filled'), and the page's JS heap
   * then (performance.memory, garbage included); liveMiB: a page holding the whole incident, after a
   * full garbage collection (measured once every move is measured).
   */
  fill: { ms: number; chunks: number; heapMiB: number; liveMiB: number };
  machine: string;
  loadBefore: number[];
  loadAfter: number[];
  date: string;
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

/** A request made during a slider move (resource timing, ms from the move). */
interface Fetched {
  kind: 'chunk' | 'moment' | 'events';
  start: number;
  server: number;
  transfer: number;
  end: number;
  kib: number;
  /** requestStart − startTime: waiting for a connection (and connecting). */
  queued: number;
  /** connectEnd − connectStart: > 0 when a new connection was made for it. */
  connected: number;
}

function stats(xs: number[]): Stats {
  const s = xs.slice().sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

/**
 * One slider move in the page: set the value (or, with `key`, press that key on the
 * slider: ArrowRight steps one event), wait until that moment is rendered and a
 * frame has passed.
 */
async function move(page: Page, value: number, key?: string): Promise<{ ms: number; syncMs: number; seq: number; fetched: Fetched[]; ready: Array<{ at: number; moment?: number; ms: number }>; renderedMs: number; epoch: number }> {
  // A string, not a function: the bench runs under tsx, whose helpers do not exist in the page.
  return page.evaluate(`(async (v, key) => {
    const input = document.querySelector('[data-testid="replay-slider"]');
    const root = document.querySelector('[data-testid="replay"]');
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    // Diagnostic (BENCH_REPLAY_MUTATIONS=1): the DOM changes of the input's own synchronous render, logged per move.
    const mo0 = window.__benchMutations ? new MutationObserver(() => {}) : null;
    if (mo0) mo0.observe(document.body, { childList: true, attributes: true, characterData: true, subtree: true });
    const t0 = performance.now();
    performance.mark('bench-move');
    if (key) input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    else {
      setter.call(input, String(v));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    // React renders a discrete input event synchronously: this much was the render itself.
    const syncMs = performance.now() - t0;
    if (mo0) {
      const recs = mo0.takeRecords();
      mo0.disconnect();
      const by = {};
      for (const r of recs) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        const tid = el && el.closest('[data-testid]');
        const k = r.type + (r.attributeName ? ':' + r.attributeName : '') + ' in ' + (tid ? tid.dataset.testid : el && el.tagName);
        by[k] = (by[k] || 0) + 1 + r.addedNodes.length + r.removedNodes.length;
      }
      console.log('bench-mutations sync ' + syncMs.toFixed(1) + ' ms ' + recs.length + ' records: ' + Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => k + ' ' + v).join('; '));
    }
    const done = () => root.dataset.renderedSeq === root.dataset.seq && !root.dataset.loading;
    if (!done()) {
      await new Promise((resolve) => {
        const mo = new MutationObserver(() => {
          if (done()) {
            mo.disconnect();
            resolve();
          }
        });
        mo.observe(root, { attributes: true });
      });
    }
    // The frame that shows it.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const ms = performance.now() - t0;
    // The requests this move made (a chunk or an events page), for the cold jumps' breakdown.
    const fetched = performance.getEntriesByType('resource')
      .filter((r) => r.startTime >= t0 && /\\/replay\\/chunk|\\/replay\\/moment|\\/events\\?/.test(r.name))
      .map((r) => ({ kind: /chunk/.test(r.name) ? 'chunk' : /moment/.test(r.name) ? 'moment' : 'events', start: r.startTime - t0, server: r.responseStart - r.requestStart, transfer: r.responseEnd - r.responseStart, end: r.responseEnd - t0, kib: r.encodedBodySize / 1024, queued: r.requestStart - r.startTime, connected: r.connectEnd - r.connectStart }));
    const ready = performance.getEntriesByName('replay-chunk').filter((m) => m.startTime >= t0).map((m) => ({ at: m.detail.at, ms: m.startTime - t0 }))
      .concat(performance.getEntriesByName('replay-moment').filter((m) => m.startTime >= t0).map((m) => ({ at: -1, moment: m.detail.seq, ms: m.startTime - t0 })));
    // When the page's layout effect saw the moment's board in the DOM (before that frame's paint).
    const shown = performance.getEntriesByName('replay-rendered').filter((m) => m.startTime >= t0 && m.detail && m.detail.seq === Number(root.dataset.seq));
    const renderedMs = shown.length ? shown[0].startTime - t0 : -1;
    return { ms, syncMs, seq: Number(root.dataset.seq), fetched, ready, renderedMs, epoch: performance.timeOrigin + t0 };
  })(${value}, ${JSON.stringify(key ?? null)})`);
}

/** For the BENCH_REPLAY_COLD log: when the page's rehearsal ran (ms after navigation) and how long it took. */
async function rehearsed(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const all = performance.getEntriesByName('replay-rehearsed');
    const shown = performance.getEntriesByName('replay-rendered')[0];
    const first = shown ? '; first moment rendered at ' + shown.startTime.toFixed(0) + ' ms' : '';
    const each = all.map((m) => 'at ' + m.startTime.toFixed(0) + ' ms (moment ' + m.detail.seq + ', ' + m.detail.ms.toFixed(1) + ' ms)');
    return first + (each.length ? ', rehearsed ' + each.join(', ') : ', not rehearsed');
  })()`);
}

/** A move for the BENCH_REPLAY_COLD log: its time, its requests, and when each chunk was ready in the page. */
function describeMove(r: Awaited<ReturnType<typeof move>>): string {
  const fetched = r.fetched.map((f) => `${f.kind} ${f.kib.toFixed(0)} KiB at +${f.start.toFixed(1)}: queued ${f.queued.toFixed(1)}${f.connected > 0 ? `, connected ${f.connected.toFixed(1)}` : ''}, server ${f.server.toFixed(1)}, transfer ${f.transfer.toFixed(1)}, done +${f.end.toFixed(1)}`);
  const ready = r.ready.map((x) => `${x.moment !== undefined ? `moment ${x.moment}` : x.at} at +${x.ms.toFixed(1)}`);
  return `to ${r.seq} at ${new Date(r.epoch).toISOString().slice(11, 23)}: ${r.ms.toFixed(1)} ms (its input's own render ${r.syncMs.toFixed(1)}; board in the DOM at +${r.renderedMs.toFixed(1)}); ${fetched.join('; ') || 'held'}; chunks ready ${ready.join(', ') || '–'}`;
}

/** Navigation start → the mark the page sets when the board of `seq` is rendered. */
async function openAt(page: Page, url: string, seq: number): Promise<{ ms: number; htmlMs: number; indexAskedMs: number; indexMs: number; chunkMs: number; scriptsMs: number }> {
  await page.goto(url, { waitUntil: 'commit' });
  // Polled by the page itself, not page.waitForFunction: that injects Playwright's own script
  // into the new document, ~46 ms of the page's main thread during its load on this machine.
  await page.evaluate(`new Promise((resolve, reject) => {
    const until = performance.now() + 60000;
    const poll = () => {
      if (document.querySelector('[data-testid="replay"][data-rendered-seq="${seq}"]')) resolve(true);
      else if (performance.now() > until) reject(new Error('seq ${seq} not rendered within 60 s'));
      else requestAnimationFrame(poll);
    };
    poll();
  })`);
  if (process.env.BENCH_REPLAY_REQS)
    console.log('   requests:', await page.evaluate(`JSON.stringify(performance.getEntriesByType('resource').map((r) => [r.name.replace(/^https?:\\/\\/[^/]+/, '').replace(/^.*replay/, 'replay'), r.initiatorType, Math.round(r.startTime), Math.round(r.responseEnd)]))`));
  return page.evaluate(`(() => {
    const m = performance.getEntriesByName('replay-rendered').find((x) => x.detail && x.detail.seq === ${seq});
    const res = performance.getEntriesByType('resource');
    const end = (re) => Math.max(0, ...res.filter((r) => re.test(r.name)).map((r) => r.responseEnd));
    const index = res.find((r) => /\\/replay$/.test(r.name));
    const nav = performance.getEntriesByType('navigation')[0];
    return { ms: m ? m.startTime : performance.now(), htmlMs: nav ? nav.responseEnd : 0, indexAskedMs: index ? index.startTime : 0, indexMs: end(/\\/replay$/), chunkMs: end(/\\/replay\\/chunk/), scriptsMs: end(/\\/_next\\/static\\/.*\\.js$/) };
  })()`);
}

/**
 * Diagnostic (BENCH_REPLAY_PROFILE=drag, =cold, =open or =first-open): where the page's time goes during
 * `moves`, self time per function and inclusive time in the app bundle.
 * BENCH_REPLAY_PROFILE_OUT=file keeps the .cpuprofile.
 */
async function profileMoves(context: BrowserContext, page: Page, log: (line: string) => void, moves: () => Promise<void>): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  await moves();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: Array<{ id: number; hitCount?: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>; samples: number[] } };
  if (process.env.BENCH_REPLAY_PROFILE_OUT) writeFileSync(process.env.BENCH_REPLAY_PROFILE_OUT, JSON.stringify(profile));
  const self = new Map<string, number>();
  // Each bundle file read once: a profile has thousands of nodes, most in a few files.
  // Split in lines: a build made with `next build --no-mangling` (names kept, for reading a profile) has many.
  const sources = new Map<string, string[]>();
  const snippet = (url: string, line: number, col: number) => {
    const f = path.join(ROOT, '.next', 'static', 'chunks', url.split('/').pop() ?? '');
    if (!url || !f.endsWith('.js')) return '';
    if (!sources.has(f)) sources.set(f, existsSync(f) ? readFileSync(f, 'utf8').split('\n') : []);
    return (sources.get(f)![line] ?? '').slice(col, col + 90).replace(/\s+/g, ' ');
  };
  const keys = new Map<number, string>();
  const key = (n: (typeof profile.nodes)[number]) => {
    let k = keys.get(n.id);
    if (k === undefined) keys.set(n.id, (k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber} ${snippet(n.callFrame.url, n.callFrame.lineNumber, n.callFrame.columnNumber)}`));
    return k;
  };
  for (const n of profile.nodes) self.set(key(n), (self.get(key(n)) ?? 0) + (n.hitCount ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14)) log(`    ${((v / total) * 100).toFixed(1)}% ${k}`);
  // Inclusive time per function (itself and what it calls), counted once per stack: a
  // component's hooks and JSX show up under it (React renders children from its work loop).
  const nodes = profile.nodes as Array<(typeof profile.nodes)[number] & { children?: number[] }>;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  for (const n of nodes) {
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) seen.add(key(byId.get(id)!));
    for (const k of seen) incl.set(k, (incl.get(k) ?? 0) + (n.hitCount ?? 0));
  }
  log('    inclusive, functions in the app bundle only:');
  for (const [k, v] of [...incl.entries()].filter(([k]) => /\.js:\d+:\d+ \S/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40)) log(`    ${((v / total) * 100).toFixed(1)}% ${k}`);
}

/**
 * Diagnostic (BENCH_REPLAY_TRACE=drag, =cold, =cold-open: the open before the cold jumps
 * too, or =first: a person's first moves, with their opens): where the page's main thread
 * spends `moves` (scripting, style, layout, paint, parsing, GC), from a Chromium trace, per move. BENCH_REPLAY_TRACE_OUT=file keeps the whole
 * trace (with a `bench-move` mark at each move and the requests), to read move by move.
 */
async function traceMoves(browser: Browser, page: Page, log: (line: string) => void, n: number, moves: () => Promise<void>): Promise<void> {
  // BENCH_REPLAY_TRACE_JS=1 adds V8's sampling profiler to the trace (ProfileChunk events: JS functions on the trace's clock).
  const js = process.env.BENCH_REPLAY_TRACE_JS ? ['disabled-by-default-v8.cpu_profiler'] : [];
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'blink.user_timing', 'loading', 'netlog', ...js] });
  await moves();
  const raw = (await browser.stopTracing()).toString('utf8');
  if (process.env.BENCH_REPLAY_TRACE_OUT) writeFileSync(process.env.BENCH_REPLAY_TRACE_OUT, raw);
  const trace = JSON.parse(raw) as { traceEvents: Array<{ name: string; ph: string; dur?: number; tid: number; pid: number }> };
  const main = trace.traceEvents.find((e) => e.name === 'thread_name' && (e as unknown as { args: { name: string } }).args.name === 'CrRendererMain');
  const on = trace.traceEvents.filter((e) => e.ph === 'X' && e.dur && main && e.tid === main.tid && e.pid === main.pid);
  const byName = new Map<string, number>();
  for (const e of on) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur! / 1000);
  for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`    trace: ${k} ${(v / n).toFixed(1)} ms per move (nested events count in their parents too)`);
}

export async function runReplayBench(opts: { log: (line: string) => void; doc: boolean; events?: number }): Promise<ReplayBenchResult> {
  const { log } = opts;
  const n = opts.events ?? EVENTS;
  const loadBefore = os.loadavg();
  log(`\nreplay: seeding an incident of ${n.toLocaleString('en')} events into a SQLite data dir…`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portline-replay-bench-'));
  const incidentId = randomUUID();
  const kChoice: ReplayBenchResult['kChoice'] = [];
  let seedMs = 0;
  try {
    const store = await createStore({ dataDir });
    try {
      const t0 = performance.now();
      await seedLongIncident(store, { incidentId, events: n, start: Date.now() - 30 * HOUR, spanMs: 28 * HOUR, perBatch: 50, adminPassword: TEST_ADMIN_PASSWORD, log: createLogger('silent', 'replay-bench') });
      seedMs = performance.now() - t0;
      log(`  seeded in ${(seedMs / 1000).toFixed(1)} s`);
      // Choosing K: what one chunk weighs at the late end of the log, and what folding its K events costs.
      for (const k of [250, 1000, 4000]) {
        const cache = new CheckpointCache(store.events, k, { maxIncidents: 1, stored: false });
        await cache.index(incidentId, n);
        const at = Math.floor((n - 1) / k) * k - k;
        const chunk = await cache.chunk(incidentId, at, n);
        const bytes = Buffer.byteLength(JSON.stringify(chunk));
        // As the page asks once it holds the head's chunk (SPEC REV1): only the tasks that differ from the head's.
        const basedBytes = Buffer.byteLength(JSON.stringify(await cache.chunk(incidentId, at, n, Math.floor(n / k) * k)));
        const times: number[] = [];
        for (let i = 0; i < 7; i++) {
          const t = performance.now();
          applyEvents(chunk.state, chunk.events);
          times.push(performance.now() - t);
        }
        kChoice.push({ k, chunkKiB: bytes / 1024, basedKiB: basedBytes / 1024, foldMs: stats(times).p50 });
        log(`  K=${k}: a late chunk is ${(bytes / 1024).toFixed(0)} KiB, ${(basedBytes / 1024).toFixed(0)} KiB based on the head's checkpoint; folding its ${k} events takes ${stats(times).p50.toFixed(2)} ms (Node, median of 7)`);
      }
    } finally {
      await store.close();
    }

    log('  building the app if needed (scripts/ensure-build.mjs)…');
    const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'ensure-build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('replay bench: the build failed');
    const coldLoad = await measureColdLoad(dataDir, incidentId);
    for (const [i, c] of coldLoad.entries())
      log(`  server alone, first index after a start${i === 0 ? ' (no checkpoints stored yet: the log read and folded)' : ' (the stored checkpoints read)'}: ${c.indexMs.toFixed(0)} ms; the longest of ${c.probes} /healthz answers meanwhile ${c.healthzMaxMs.toFixed(0)} ms`);
    const storedKiB = storedCheckpointsKiB(dataDir, incidentId);
    log(`  checkpoints stored beside the log: ${storedKiB.meta.toFixed(0)} KiB of ticks, ${storedKiB.state.toFixed(0)} KiB of states (the log's events: ${storedKiB.events.toFixed(0)} KiB)`);
    // Diagnostic: BENCH_REPLAY_SERVER_PROF=dir profiles the app's server (bench/cpu-profile-hook.cjs).
    const serverProf: Record<string, string> = process.env.BENCH_REPLAY_SERVER_PROF
      ? { NODE_OPTIONS: `--require ${path.join(ROOT, 'bench', 'cpu-profile-hook.cjs')}`, BENCH_CPU_PROF_DIR: process.env.BENCH_REPLAY_SERVER_PROF }
      : {};
    const app = await startServerProcess({ bundled: true, dataDir, env: { PORTLINE_NO_NEXT: '0', ...serverProf } });
    const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
    const browser = await chromium.launch({ executablePath, args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    try {
      const admin = await signIn(app.url);
      const { token } = await createUser(app.url, admin, 'bench-observer', 'observer', null);
      // bypassCSP: the measuring snippets are strings (tsx's helpers do not exist in the page), which the app's CSP would refuse to eval.
      // The page's service worker (SPEC SYNC12) runs, as for a person; BENCH_REPLAY_NO_SW=1 blocks it, to compare.
      const serviceWorkers = process.env.BENCH_REPLAY_NO_SW === '1' ? 'block' : 'allow';
      const context = await browser.newContext({ baseURL: app.url, locale: 'en', viewport: { width: 1366, height: 768 }, bypassCSP: true, serviceWorkers });
      await context.addCookies([
        { name: SESSION_COOKIE, value: token, url: app.url },
        { name: 'NEXT_LOCALE', value: 'en', url: app.url },
      ]);
      const page = await context.newPage();
      if (process.env.BENCH_REPLAY_MUTATIONS) {
        await page.addInitScript('window.__benchMutations = true');
        page.on('console', (m) => void (m.text().startsWith('bench-mutations') && log('    ' + m.text())));
      }
      const href = (seq: number) => `/incidents/${incidentId}/replay?seq=${seq}`;

      // Warm the app's own pages (Next compiles nothing in production, but the first request loads modules).
      await page.goto('/incidents');
      const open: ReplayBenchResult['open'] = [];
      const moments = [
        { label: 'first open after a server start (the stored checkpoints read then)', seq: Math.round(n * 0.61) },
        { label: 'open, late moment', seq: n - 17 },
        { label: 'open, early moment', seq: Math.round(n * 0.05) },
        { label: 'open, middle', seq: Math.round(n * 0.5) + 3 },
      ];
      for (const m of moments) {
        let r = { ms: 0, htmlMs: 0, indexAskedMs: 0, indexMs: 0, chunkMs: 0, scriptsMs: 0 };
        // BENCH_REPLAY_PROFILE=open: the last (warm) open under the profiler; =first-open: the first.
        const profiled = process.env.BENCH_REPLAY_PROFILE === 'first-open' ? moments[0] : process.env.BENCH_REPLAY_PROFILE === 'open' ? moments[moments.length - 1] : null;
        if (m === profiled)
          await profileMoves(context, page, log, async () => void (r = await openAt(page, href(m.seq), m.seq)));
        else r = await openAt(page, href(m.seq), m.seq);
        open.push({ ...m, ...r });
        log(`  ${m.label}: navigation → board at seq ${m.seq} rendered in ${r.ms.toFixed(0)} ms (page's HTML at ${r.htmlMs.toFixed(0)} ms, index asked at ${r.indexAskedMs.toFixed(0)} ms, received at ${r.indexMs.toFixed(0)} ms, chunk at ${r.chunkMs.toFixed(0)} ms, the page's last script at ${r.scriptsMs.toFixed(0)} ms)`);
      }

      // The background fill of the page opened last: when the whole incident is held, and the heap then.
      const fill = (await page.evaluate(`new Promise((resolve) => {
        const done = () => {
          const m = performance.getEntriesByName('replay-filled')[0];
          if (!m) return setTimeout(done, 50);
          resolve({ ms: m.startTime, chunks: m.detail.chunks, heapMiB: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : 0 });
        };
        done();
      })`)) as ReplayBenchResult['fill'];
      log(`  the whole incident held in the page ${fill.ms.toFixed(0)} ms after navigation (${fill.chunks} chunks; JS heap ${fill.heapMiB.toFixed(0)} MiB)`);

      // The index's weight on the wire.
      const idx = await fetch(`${app.url}/api/incidents/${incidentId}/replay`, { headers: { authorization: `Bearer ${token}` } });
      const indexKiB = (await idx.arrayBuffer()).byteLength / 1024;
      log(`  index (ticks of ${n.toLocaleString('en')} events): ${indexKiB.toFixed(0)} KiB`);

      // Slider moves. The slider's value is ms since the first event.
      const span = Number(await page.getByTestId('replay-slider').getAttribute('max'));
      const at0 = Number(await page.getByTestId('replay-slider').inputValue());
      if (process.env.BENCH_REPLAY_PROFILE === 'drag') {
        // Diagnostic: where a drag's time goes in the page.
        let pv = at0;
        await profileMoves(context, page, log, async () => {
          for (let i = 0; i < 10; i++) {
            pv = Math.min(span, pv + span * 0.002);
            await move(page, Math.round(pv));
          }
        });
      }
      if (process.env.BENCH_REPLAY_TRACE === 'drag') {
        // Diagnostic: where a drag's frames go (scripting, style, layout, paint).
        let tv = at0;
        await traceMoves(browser, page, log, 10, async () => {
          for (let i = 0; i < 10; i++) {
            tv = Math.min(span, tv + span * 0.002);
            await move(page, Math.round(tv));
          }
        });
      }
      const drag: number[] = [];
      const dragSync: number[] = [];
      let v = at0;
      for (let i = 0; i < 60; i++) {
        v = Math.min(span, v + span * 0.002); // a drag: 0.2 % of the span per move
        const r = await move(page, Math.round(v));
        drag.push(r.ms);
        dragSync.push(r.syncMs);
      }
      const cards = {
        tasks: await page.locator('[data-testid="replay-board"] [data-testid="task-card"]').count(),
        messages: await page.locator('[data-testid="replay-board"] [data-testid="message-item"]').count(),
        timeline: await page.locator('[data-testid="replay-timeline"] [data-testid="timeline-item"]').count(),
      };
      if (process.env.BENCH_REPLAY_COLD) {
        // Diagnostic: how much the page lays out at a moment (all elements, and the largest subtrees by test id).
        log(`  DOM at the end: ${await page.evaluate(`(() => {
          const all = document.getElementsByTagName('*').length;
          const by = [...document.querySelectorAll('[data-testid]')].map((e) => [e.dataset.testid, e.getElementsByTagName('*').length]).sort((a, b) => b[1] - a[1]).slice(0, 12);
          return all + ' elements; ' + by.map(([k, v]) => k + ' ' + v).join(', ');
        })()`)}`);
      }
      // Steps of one event (the arrow key), as when playing or stepping through.
      const steps: number[] = [];
      for (let i = 0; i < 40; i++) steps.push((await move(page, 0, 'ArrowRight')).ms);
      const st = stats(steps);
      log(`  step one event forward (40 arrow-key presses): p50 ${st.p50.toFixed(1)} p95 ${st.p95.toFixed(1)} max ${st.max.toFixed(1)} ms`);
      const jump: number[] = [];
      let x = 12345;
      for (let i = 0; i < 30; i++) {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        const r = await move(page, Math.round((x / 2 ** 31) * span));
        jump.push(r.ms);
      }
      // Jumps right after a fresh open, before the background fill is done: these may fetch a chunk.
      const openCold = () => openAt(page, href(Math.round(n * 0.3)), Math.round(n * 0.3));
      if (process.env.BENCH_REPLAY_TRACE !== 'cold-open') await openCold();
      const cold: number[] = [];
      const parts = { answered: [] as number[], ready: [] as number[], rendered: [] as number[], kib: [] as number[] };
      const coldJumps = async () => {
        for (let i = 0; i < 15; i++) {
          x = (x * 1103515245 + 12345) % 2 ** 31;
          const r = await move(page, Math.round((x / 2 ** 31) * span));
          cold.push(r.ms);
          // The moment's own answer when it came from the moment route, else its chunk's.
          const own = r.fetched.find((f) => f.kind === 'moment') ?? r.fetched.find((f) => f.kind === 'chunk');
          const mine = r.ready.find((x) => x.moment === r.seq) ?? r.ready.find((x) => x.at === checkpointOf(r.seq));
          if (own && mine) {
            parts.answered.push(own.end);
            parts.ready.push(mine.ms);
            parts.rendered.push(r.ms);
            parts.kib.push(own.kib);
          }
          if (process.env.BENCH_REPLAY_COLD) log(`    cold jump ${describeMove(r)}${i === 0 ? await rehearsed(page) : ''}`);
        }
      };
      if (process.env.BENCH_REPLAY_PROFILE === 'cold') await profileMoves(context, page, log, coldJumps);
      else if (process.env.BENCH_REPLAY_TRACE === 'cold') await traceMoves(browser, page, log, 15, coldJumps);
      else if (process.env.BENCH_REPLAY_TRACE === 'cold-open') await traceMoves(browser, page, log, 15, async () => void (await openCold(), await coldJumps()));
      else await coldJumps();
      const jc = stats(cold);
      log(`  slider jump anywhere right after a fresh open (15 moves, fill still running): p50 ${jc.p50.toFixed(1)} p95 ${jc.p95.toFixed(1)} max ${jc.max.toFixed(1)} ms`);
      // A person's first move: a fresh open, then one jump FIRST_MOVE_PAUSE_MS after the board appeared (the
      // background fill has started by then, with its requests in flight), to a moment the page
      // does not hold yet (the far side of the incident from the one opened).
      const paced: number[] = [];
      const firstMoves = async () => {
        for (let i = 0; i < 10; i++) {
          const from = Math.round(n * (0.1 + 0.08 * i));
          await openAt(page, href(from), from);
          await page.waitForTimeout(FIRST_MOVE_PAUSE_MS);
          const to = (from + Math.round(n / 2)) % n;
          const r = await move(page, Math.round(span * (to / n)));
          paced.push(r.ms);
          if (process.env.BENCH_REPLAY_COLD) log(`    first move ${describeMove(r)}${await rehearsed(page)}`);
        }
      };
      if (process.env.BENCH_REPLAY_TRACE === 'first') await traceMoves(browser, page, log, 10, firstMoves);
      else await firstMoves();
      // What the held incident takes, after every measurement (no collection before any of them): the
      // page opened last, once its fill is done, its heap after a full garbage collection (CDP).
      // performance.memory above counts garbage not yet collected too (77–137 MiB across runs of the same code).
      {
        await page.waitForFunction(`performance.getEntriesByName('replay-filled').length > 0`, undefined, { timeout: 60_000 });
        const cdp = await context.newCDPSession(page);
        await cdp.send('HeapProfiler.collectGarbage');
        fill.liveMiB = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 1048576;
        await cdp.detach();
      }
      log(`  the page's JS heap with the whole incident held, after a full garbage collection: ${fill.liveMiB.toFixed(0)} MiB`);
      const jp = stats(paced);
      log(`  a person's first move, ${FIRST_MOVE_PAUSE_MS} ms after a fresh open, to the far side of the incident (10 opens): p50 ${jp.p50.toFixed(1)} p95 ${jp.p95.toFixed(1)} max ${jp.max.toFixed(1)} ms (${paced.map((x) => x.toFixed(0)).join(', ')})`);
      const d = stats(drag);
      const j = stats(jump);
      const ds = stats(dragSync);
      log(`  slider drag (60 moves of 0.2 % of the span): p50 ${d.p50.toFixed(1)} p95 ${d.p95.toFixed(1)} max ${d.max.toFixed(1)} ms; of which the synchronous render p50 ${ds.p50.toFixed(1)} p95 ${ds.p95.toFixed(1)} ms`);
      log(`  rendered at the end: ${cards.tasks} task cards, ${cards.messages} messages, ${cards.timeline} timeline items`);
      log(`  slider jump anywhere, the incident held (30 moves): p50 ${j.p50.toFixed(1)} p95 ${j.p95.toFixed(1)} max ${j.max.toFixed(1)} ms`);
      await context.close();

      const cpu = os.cpus()[0]?.model ?? 'unknown';
      const result: ReplayBenchResult = {
        events: n,
        seedMs,
        kChoice,
        indexKiB,
        open,
        drag: d,
        dragSync: ds,
        cards,
        jump: j,
        jumpCold: jc,
        firstMove: jp,
        jumpColdParts: {
          n: parts.rendered.length,
          answeredMs: stats(parts.answered).p50,
          readyMs: stats(parts.ready).p50,
          renderedMs: stats(parts.rendered).p50,
          kib: stats(parts.kib).p50,
        },
        step: st,
        coldLoad,
        storedKiB,
        fill,
        machine: `${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, Chromium ${browser.version()}`,
        loadBefore,
        loadAfter: os.loadavg(),
        date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      };
      if (opts.doc) writeReplaySection(result);
      return result;
    } finally {
      await browser.close();
      // Diagnostic: the server's own log (each API request with its ms), to read beside BENCH_REPLAY_COLD's moves.
      if (process.env.BENCH_REPLAY_SERVER_LOG) writeFileSync(process.env.BENCH_REPLAY_SERVER_LOG, app.output());
      await app.stop({ keepData: true });
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The hub's load of the whole log, on a fresh server process without Next: the first index
 * request's time, and the longest a /healthz request (sent again 2 ms after each answer) waited
 * meanwhile. The embedded store reads a page per turn of the event loop, so the load should not
 * hold the process for much longer than a page.
 */
/** The room the stored checkpoints of the incident take in the SQLite file (SPEC REV6), beside its events'. */
function storedCheckpointsKiB(dataDir: string, incidentId: string): { meta: number; state: number; events: number } {
  const db = new Database(path.join(dataDir, 'portline.db'), { readonly: true });
  try {
    const c = db
      .prepare<[string], { meta: number; state: number }>('SELECT SUM(length(meta)) AS meta, SUM(length(state)) AS state FROM replay_checkpoints WHERE incident_id = ?')
      .get(incidentId)!;
    const e = db.prepare<[string], { n: number }>('SELECT SUM(length(json)) AS n FROM events WHERE incident_id = ?').get(incidentId)!;
    return { meta: (c.meta ?? 0) / 1024, state: (c.state ?? 0) / 1024, events: e.n / 1024 };
  } finally {
    db.close();
  }
}

async function measureColdLoad(dataDir: string, incidentId: string): Promise<ReplayBenchResult['coldLoad']> {
  const out: ReplayBenchResult['coldLoad'] = [];
  for (let round = 0; round < 3; round++) {
    const server = await startServerProcess({ bundled: true, dataDir });
    try {
      const token = await signIn(server.url);
      let loading = true;
      let longest = 0;
      let probes = 0;
      const poll = (async () => {
        while (loading) {
          const t = performance.now();
          await (await fetch(`${server.url}/healthz`)).arrayBuffer();
          longest = Math.max(longest, performance.now() - t);
          probes++;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const t0 = performance.now();
      const r = await fetch(`${server.url}/api/incidents/${incidentId}/replay`, { headers: { authorization: `Bearer ${token}` } });
      if (!r.ok) throw new Error(`replay bench: the index answered ${r.status}`);
      await r.arrayBuffer();
      const indexMs = performance.now() - t0;
      loading = false;
      await poll;
      out.push({ indexMs, healthzMaxMs: longest, probes });
    } finally {
      await server.stop({ keepData: true });
    }
  }
  return out;
}

const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

export function replaySection(r: ReplayBenchResult): string {
  const worstOpen = Math.max(...r.open.map((o) => o.ms));
  const warm = r.open.slice(1);
  return [
    `### Replay of a ${r.events.toLocaleString('en')}-event incident (${r.date})`,
    '',
    `Machine: ${r.machine}. Load average before ${r.loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${r.loadAfter.map((x) => x.toFixed(2)).join(' ')} (the 1-minute figure counts the bench's own earlier parts and this part's Chromium and server; above 2 means other work shared the 2 cores too).`,
    '',
    `The incident: ${r.events.toLocaleString('en')} events over 28 hours and 12 agencies (about 88 % messages, 2 % task creations, 8 % status changes, the rest reassignments, edits, agency statuses, phases), seeded straight into SQLite through the store's appendBatch in ${(r.seedMs / 1000).toFixed(1)} s. The production app on it, real Chromium at 1366×768. Checkpoints every K = ${REPLAY_LIMITS.checkpointEvery} events (SPEC REV1).`,
    '',
    '| measure | figure | target | |',
    '|---|---|---|---|',
    ...r.open.map((o) => `| navigation → board rendered, ${o.label} (seq ${o.seq}) | ${o.ms.toFixed(0)} ms | ≤ ${REPLAY_TARGETS.openMs} ms | ${verdict(o.ms <= REPLAY_TARGETS.openMs)} |`),
    `| slider drag, ${r.drag.n} moves of 0.2 % of the span: p50 / p95 / max | ${r.drag.p50.toFixed(1)} / ${r.drag.p95.toFixed(1)} / ${r.drag.max.toFixed(1)} ms | ≤ ${REPLAY_TARGETS.moveMs} ms | ${verdict(r.drag.p95 <= REPLAY_TARGETS.moveMs)} (p95) |`,
    `| … of which React's synchronous render of the moment: p50 / p95 | ${r.dragSync.p50.toFixed(1)} / ${r.dragSync.p95.toFixed(1)} ms | | |`,
    `| step one event forward (arrow key), ${r.step.n} presses: p50 / p95 / max | ${r.step.p50.toFixed(1)} / ${r.step.p95.toFixed(1)} / ${r.step.max.toFixed(1)} ms | ≤ ${REPLAY_TARGETS.moveMs} ms | ${verdict(r.step.p95 <= REPLAY_TARGETS.moveMs)} (p95) |`,
    `| slider jump anywhere, ${r.jump.n} moves, the whole incident held: p50 / p95 / max | ${r.jump.p50.toFixed(1)} / ${r.jump.p95.toFixed(1)} / ${r.jump.max.toFixed(1)} ms | ≤ ${REPLAY_TARGETS.moveMs} ms | ${verdict(r.jump.p95 <= REPLAY_TARGETS.moveMs)} (p95) |`,
    `| slider jump anywhere, ${r.jumpCold.n} moves right after a fresh open, before the background fill is done (a chunk to fetch when not held): p50 / p95 / max | ${r.jumpCold.p50.toFixed(1)} / ${r.jumpCold.p95.toFixed(1)} / ${r.jumpCold.max.toFixed(1)} ms | ≤ ${REPLAY_TARGETS.moveMs} ms | ${verdict(r.jumpCold.p95 <= REPLAY_TARGETS.moveMs)} (p95) |`,
    `| … of those, the ${r.jumpColdParts.n} that fetched their moment (the moment route; median ${r.jumpColdParts.kib.toFixed(0)} KiB): answered / ready to show (parsed, tasks completed) / rendered, medians, ms after the move | ${r.jumpColdParts.answeredMs.toFixed(1)} / ${r.jumpColdParts.readyMs.toFixed(1)} / ${r.jumpColdParts.renderedMs.toFixed(1)} ms | | |`,
    `| a person's first move: one slider jump ${FIRST_MOVE_PAUSE_MS} ms after a fresh open (the background fill running), to the far side of the incident, ${r.firstMove.n} opens: p50 / p95 / max | ${r.firstMove.p50.toFixed(1)} / ${r.firstMove.p95.toFixed(1)} / ${r.firstMove.max.toFixed(1)} ms | ≤ ${REPLAY_TARGETS.moveMs} ms | ${verdict(r.firstMove.p95 <= REPLAY_TARGETS.moveMs)} (p95) |`,
    `| navigation → the whole incident held in the page (background fill, mark \`replay-filled\`) | ${(r.fill.ms / 1000).toFixed(1)} s (${r.fill.chunks} chunks, JS heap then ${r.fill.heapMiB.toFixed(0)} MiB; a page holding the whole incident, after every move and a full garbage collection: ${(r.fill.liveMiB ?? 0).toFixed(0)} MiB) | | |`,
    `| index (columnar ticks of every event) on the wire | ${r.indexKiB.toFixed(0)} KiB | | |`,
    `| the server alone just started (no Next, no browser): first index, 3 fresh processes: the first after the seed (no checkpoints stored: the log read and folded), then two with the checkpoints it stored (SPEC REV6) | ${r.coldLoad.map((c) => c.indexMs.toFixed(0)).join(', ')} ms | | |`,
    `| … the longest a /healthz request waited meanwhile (everyone else's wait while the log loads) | ${r.coldLoad.map((c) => c.healthzMaxMs.toFixed(0)).join(', ')} ms | | |`,
    `| checkpoints stored beside the log (SPEC REV6): ticks / states, beside the log's events | ${r.storedKiB.meta.toFixed(0)} KiB / ${(r.storedKiB.state / 1024).toFixed(1)} MiB, beside ${(r.storedKiB.events / 1024).toFixed(1)} MiB | | |`,
    '',
    `Worst open: ${worstOpen.toFixed(0)} ms; warm opens ${warm.map((o) => o.ms.toFixed(0)).join(', ')} ms. Where an open's time went (ms after navigation start): ${r.open.map((o) => `HTML ${o.htmlMs.toFixed(0)}, index asked ${o.indexAskedMs.toFixed(0)}, received ${o.indexMs.toFixed(0)}, chunk ${o.chunkMs.toFixed(0)}, ${o.scriptsMs === undefined ? '' : `last script ${o.scriptsMs.toFixed(0)}, `}rendered ${o.ms.toFixed(0)}`).join('; ')}. At the end of the drag the page had laid out ${r.cards.tasks} task cards (finished ones are rendered when their list is opened), ${r.cards.messages} messages and ${r.cards.timeline} timeline items (the two lists lay out only what is in view).`,
    '',
    'Choosing K (a late chunk: its state, with at most 500 messages, and its K events; folding them in Node):',
    '',
    '| K | chunk | chunk based on the head\'s checkpoint | fold of K events |',
    '|---|---|---|---|',
    ...r.kChoice.map((k) => `| ${k.k} | ${k.chunkKiB.toFixed(0)} KiB | ${k.basedKiB.toFixed(0)} KiB | ${k.foldMs.toFixed(2)} ms |`),
    '',
    'Method: `npx tsx bench/run.ts --only replay` (also part of `npm run bench`). Navigation figures are the page\'s own `performance.mark(\'replay-rendered\')` (set in a layout effect once the board of that seq is in the DOM) relative to navigation start. A slider move sets the range input\'s value and dispatches `input`, then waits until `data-rendered-seq` equals the asked seq with no chunk loading, and one more frame.',
  ].join('\n');
}

/** Writes the figures between the replay markers of docs/performance.md (a "## Replay" section is made if missing). */
export function writeReplaySection(r: ReplayBenchResult): void {
  const BEGIN = '<!-- replay:begin — generated by `npx tsx bench/run.ts --only replay` (and `npm run bench`); edits between these markers are overwritten -->';
  const END = '<!-- replay:end -->';
  const block = `${BEGIN}\n${replaySection(r)}\n${END}`;
  const old = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Performance\n';
  const a = old.indexOf('<!-- replay:begin');
  const b = old.indexOf(END);
  if (a >= 0 && b > a) writeFileSync(DOC, old.slice(0, a) + block + old.slice(b + END.length));
  else {
    const at = old.indexOf('\n## Analysis');
    const section = `\n## Replay\n\n${block}\n`;
    writeFileSync(DOC, at >= 0 ? old.slice(0, at) + section + old.slice(at) : `${old.trimEnd()}\n${section}`);
  }
}

if (require.main === module) {
  runReplayBench({ log: (l) => console.log(l), doc: !process.argv.includes('--no-doc') }).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
