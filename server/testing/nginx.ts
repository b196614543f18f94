import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

/**
 * A real nginx (Debian package) in front of server processes, for tests and
 * benchmarks. It runs the repo's deploy/nginx/portline.conf, with only the
 * upstream servers, the listen port and the cache path replaced
 * (renderPortlineConf), inside a main config of its own: a temp prefix, pid and
 * logs, not daemonised, never touching /etc/nginx or port 80.
 */
export interface NginxHandle {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  dir: string;
  /** The rendered portline.conf it runs. */
  conf: string;
  /** Stops nginx and removes its temp dir. */
  stop(): Promise<void>;
  /** Everything nginx wrote to its error log. */
  errorLog(): Promise<string>;
}

export interface NginxOptions {
  /** Server process URLs (http://127.0.0.1:PORT), one upstream `server` line each. */
  upstreams: readonly string[];
  /** @default deploy/nginx/portline.conf */
  template?: string;
  /** @default 1 */
  workers?: number;
}

const ROOT = path.resolve(__dirname, '..', '..');
export const PORTLINE_NGINX_CONF = path.join(ROOT, 'deploy/nginx/portline.conf');
const READY_TIMEOUT_MS = 10_000;

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** NGINX_BIN, else Debian's /usr/sbin/nginx (not on a normal user's PATH), else `nginx` on PATH. */
export function nginxBin(): string {
  if (process.env.NGINX_BIN) return process.env.NGINX_BIN;
  return existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
}

/**
 * The repo's config with this run's upstreams, port and cache dir. Throws when
 * one of the three places is not in the expected form, so the file in the repo
 * cannot drift from the tested one.
 */
export function renderPortlineConf(template: string, opts: { upstreams: readonly string[]; port: number; cacheDir: string }): string {
  const block = /(upstream portline \{\n)([\s\S]*?)(\n\})/.exec(template);
  if (!block) throw new Error('portline.conf: no `upstream portline { … }` block');
  const serverLine = /^(\s*)server 127\.0\.0\.1:\d+((?: [^;\n]+)?);[^\n]*$/gm;
  const lines = [...block[2].matchAll(serverLine)];
  if (lines.length === 0) throw new Error('portline.conf: no `server 127.0.0.1:PORT …;` line in the upstream');
  const [indent, params] = [lines[0][1], lines[0][2]];
  const servers = opts.upstreams.map((u) => `${indent}server ${new URL(u).host}${params};`).join('\n');
  let body = block[2].replace(serverLine, '').replace(/\n{2,}/g, '\n');
  body = body.replace(/^(\s*keepalive )/m, `${servers}\n$1`);
  if (!body.includes(servers)) throw new Error('portline.conf: the upstream has no `keepalive` line to put the servers before');
  let out = template.slice(0, block.index) + block[1] + body + block[3] + template.slice(block.index + block[0].length);

  const listens = out.match(/^\s*listen 80;$/gm) ?? [];
  if (listens.length !== 1) throw new Error(`portline.conf: expected one \`listen 80;\` line, found ${listens.length}`);
  out = out.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${opts.port};`);

  if (!out.includes('/var/cache/nginx/portline ')) throw new Error('portline.conf: no `proxy_cache_path /var/cache/nginx/portline …`');
  return out.replace('/var/cache/nginx/portline ', `${opts.cacheDir} `);
}

export async function startNginx(opts: NginxOptions): Promise<NginxHandle> {
  if (opts.upstreams.length === 0) throw new Error('startNginx: no upstreams');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portline-nginx-'));
  // Worker processes (nobody, when the tests run as root) must reach the temp paths.
  await chmod(dir, 0o755);
  const template = await readFile(opts.template ?? PORTLINE_NGINX_CONF, 'utf8');
  try {
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      try {
        return await launch(dir, template, port, opts);
      } catch (err) {
        // A probed port can be taken before nginx binds it: try another.
        if (!(err instanceof Error && /Address already in use/i.test(err.message)) || attempt >= 4) throw err;
      }
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function launch(dir: string, template: string, port: number, opts: NginxOptions): Promise<NginxHandle> {
  const conf = renderPortlineConf(template, { upstreams: opts.upstreams, port, cacheDir: path.join(dir, 'cache') });
  const p = (name: string) => path.join(dir, name);
  for (const sub of ['tmp/body', 'tmp/proxy', 'tmp/fastcgi', 'tmp/uwsgi', 'tmp/scgi']) await mkdir(p(sub), { recursive: true });
  await writeFile(p('portline.conf'), conf);
  await writeFile(
    p('nginx.conf'),
    [
      // As root, workers would run as `nobody` with group `nobody`, which Debian lacks.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      `worker_processes ${opts.workers ?? 1};`,
      'events { worker_connections 4096; }',
      'http {',
      '  default_type application/octet-stream;',
      `  access_log ${p('access.log')};`,
      `  client_body_temp_path ${p('tmp/body')};`,
      `  proxy_temp_path ${p('tmp/proxy')};`,
      `  fastcgi_temp_path ${p('tmp/fastcgi')};`,
      `  uwsgi_temp_path ${p('tmp/uwsgi')};`,
      `  scgi_temp_path ${p('tmp/scgi')};`,
      `  include ${p('portline.conf')};`,
      '}',
      '',
    ].join('\n'),
  );

  const bin = nginxBin();
  const child = spawn(bin, ['-p', dir, '-c', p('nginx.conf'), '-e', p('error.log'), '-g', `daemon off; master_process on; pid ${p('nginx.pid')};`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  const state: { exited: Error | null } = { exited: null };
  child.once('error', (err: NodeJS.ErrnoException) => {
    state.exited =
      err.code === 'ENOENT' ? new Error(`nginx is not installed at ${bin} (apt-get install -y nginx, or set NGINX_BIN)`) : err;
  });
  child.once('exit', (code, signal) => {
    live.delete(child);
    state.exited ??= new Error(`nginx exited (code ${code}, signal ${signal}) on port ${port}:\n${out}`);
  });

  const stop = async () => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM'); // nginx: fast shutdown
    });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (state.exited) {
      const log = await readFile(p('error.log'), 'utf8').catch(() => '');
      throw new Error(`${state.exited.message}\n${log}`);
    }
    // Ready once it proxies: /healthz answered by one of the processes.
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx on port ${port} did not proxy /healthz within ${READY_TIMEOUT_MS} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    dir,
    conf,
    errorLog: () => readFile(p('error.log'), 'utf8').catch(() => ''),
    async stop() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
