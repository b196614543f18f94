// `npm run demo`: seed a sample drill (scenario A, an hour in) and two closed ones held earlier
// (scenarios B and C) into the store of DATA_DIR / REDIS_URL, start the app as `npm start` does,
// and print where to sign in and the wall-screen links.
//   --live        keep adding plausible events every 2–5 s, as the agencies' accounts
//   --lang en     English content (default: Chinese)
//   --seed N      another drill (default: the one the tests use)
//   --seed-only   only seed; with --json print {incidentId, accounts, displays} and exit
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { displayHref, type DisplayLang } from '../lib/client/display-link';
import { DEFAULT_AGENCIES } from '../lib/domain/agencies';
import { AuditLog } from '../server/audit';
import { loadConfig } from '../server/config';
import { DEMO_SEED, type DemoLang } from '../server/demo/drill';
import { runLive } from '../server/demo/live';
import { seedDemo, type SeededDemo } from '../server/demo/seed-store';
import { createLogger } from '../server/log';
import { createStore } from '../server/store/create-store';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      live: { type: 'boolean', default: false },
      'seed-only': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'zh-CN' },
      seed: { type: 'string', default: String(DEMO_SEED) },
    },
  });
  const lang = values.lang === 'en' ? 'en' : 'zh-CN';
  if (values.lang !== lang) throw new Error(`--lang must be zh-CN or en, not ${values.lang}`);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, not ${values.seed}`);

  const config = loadConfig(process.env, []);
  const log = createLogger('silent', 'demo');
  const store = await createStore(config);
  let seeded: SeededDemo;
  try {
    seeded = await seedDemo(store, {
      lang,
      seed,
      adminPassword: config.adminPassword,
      audit: new AuditLog(store.audit, config, log),
      earlier: true,
      log,
    });
  } finally {
    await store.close();
  }

  if (values['seed-only']) {
    if (values.json) console.log(JSON.stringify(seedJson(seeded)));
    else console.log(`Seeded incident ${seeded.incidentId} into ${config.redisUrl ? 'Redis' : path.resolve(config.dataDir)}.`);
    return;
  }

  const server = startServer();
  const url = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, '');
  const local = `http://127.0.0.1:${config.port}`;
  let stopLive: (() => Promise<void>) | null = null;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    await stopLive?.();
    if (server.exitCode === null && server.signalCode === null) {
      server.kill(signal);
      await new Promise((r) => server.once('exit', r));
    }
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void stop(sig));
  server.on('exit', (code) => {
    if (!stopping) {
      console.error(`The server stopped (exit code ${code}).`);
      process.exit(code ?? 1);
    }
  });

  await waitReady(local, server);
  console.log(banner(seeded, url, lang, values.live));
  if (values.live) stopLive = await runLive({ url: local, seeded, lang, seed, log: (line) => console.log(line) });
}

/** The app exactly as `npm start` runs it (build once if missing, then dist/server.cjs), same env. */
function startServer(): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    // The server's JSON logs would bury the demo's own lines; LOG_LEVEL still wins if set.
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: 'inherit',
  });
}

async function waitReady(url: string, server: ChildProcess): Promise<void> {
  // A first build takes minutes; the server itself starts in seconds.
  for (;;) {
    if (server.exitCode !== null) throw new Error('the server exited before it was ready');
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function seedJson(s: SeededDemo) {
  return {
    incidentId: s.incidentId,
    earlier: s.earlier,
    accounts: s.accounts.map(({ username, password, role, agency }) => ({ username, password, role, agency })),
    admin: s.admin,
    displays: { incident: { token: s.displays.incident.token }, active: { token: s.displays.active.token } },
  };
}

function banner(s: SeededDemo, url: string, lang: DemoLang, live: boolean): string {
  const agencyName = (code: string | null) => {
    const a = DEFAULT_AGENCIES.find((x) => x.code === code);
    return a ? `${a.nameZh} ${a.nameEn}` : '';
  };
  const width = Math.max(...s.accounts.map((a) => a.username.length));
  const rows = s.accounts.map(
    (a) =>
      `    ${a.username.padEnd(width)}  ${a.password}  ${a.role.padEnd(9)}  ${agencyName(a.agency)}`.trimEnd(),
  );
  const link = (token: string, l: DisplayLang, incidentId?: string) => url + displayHref({ token, lang: l, incidentId });
  const inc = s.displays.incident.token;
  const f = s.drill.facts;
  return [
    '',
    '======================================================================',
    `  Portline demo: ${s.drill.state.title}`,
    `  ${f.agencies} agencies, ${f.tasks} tasks (${f.overdue} overdue, ${f.byStatus.blocked} blocked), ${f.events} events over the last hour, ${f.alerts} alert`,
    '',
    `  Open ${url} and sign in as (passwords need no change):`,
    ...rows,
    s.admin ? `    ${'admin'.padEnd(width)}  ${s.admin.password}  admin` : `    ${'admin'.padEnd(width)}  (existing account, password unchanged)`,
    ...(s.accounts.some((a) => !a.created) ? ['  (The demo accounts existed from an earlier run: they got new passwords.)'] : []),
    '',
    `  Incident: ${url}/incidents/${s.incidentId}`,
    '  Wall display of this incident:',
    `    zh-CN  ${link(inc, 'zh-CN')}`,
    `    en     ${link(inc, 'en')}`,
    `    both   ${link(inc, 'both')}`,
    '  Wall display of all active incidents:',
    `    ${link(s.displays.active.token, lang)}`,
    '  Drills held earlier (closed: their replay, metrics and after-action report, as demo-observer):',
    ...s.earlier.map((e) => `    ${url}/incidents/${e.incidentId}/report  ${e.title}`),
    '',
    live ? '  Live: adding an event every 2–5 s. Ctrl-C stops it and the server.' : '  Ctrl-C stops the server. `npm run demo -- --live` keeps the drill moving.',
    '======================================================================',
    '',
  ].join('\n');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
