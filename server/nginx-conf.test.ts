import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_KEEP_ALIVE_MS } from './config';
import { nginxBin, PORTLINE_NGINX_CONF, renderPortlineConf, startNginx } from './testing/nginx';

/** deploy/nginx/portline.conf stays the file the failover test runs, and nginx accepts it as shipped. */
describe('deploy/nginx/portline.conf', () => {
  it('OPS3: nginx -t accepts the file as shipped, inside an http block', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'portline-nginx-t-'));
    try {
      const conf = (await readFile(PORTLINE_NGINX_CONF, 'utf8')).replace('/var/cache/nginx/portline ', `${dir}/cache `);
      await writeFile(path.join(dir, 'portline.conf'), conf);
      await writeFile(path.join(dir, 'nginx.conf'), `events {}\nhttp {\n  include ${dir}/portline.conf;\n}\n`);
      const { stderr } = await promisify(execFile)(nginxBin(), ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-g', `pid ${dir}/nginx.pid;`]);
      expect(stderr).toMatch(/test is successful/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('OPS3: nginx gives its idle upstream connections up before the server closes them (a POST on one being closed is a 502)', async () => {
    const template = await readFile(PORTLINE_NGINX_CONF, 'utf8');
    const upstream = /upstream portline \{[^}]*\}/.exec(template)?.[0] ?? '';
    const idle = /^\s*keepalive_timeout (\d+)s;$/m.exec(upstream)?.[1];
    expect(idle, 'keepalive_timeout in the upstream block').toBeDefined();
    expect(Number(idle) * 1000).toBeLessThan(HTTP_KEEP_ALIVE_MS);
  });

  it('OPS3: the test replaces only the upstream servers, the listen port and the cache path, and refuses a file that drifted', async () => {
    const template = await readFile(PORTLINE_NGINX_CONF, 'utf8');
    const out = renderPortlineConf(template, { upstreams: ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'], port: 4100, cacheDir: '/tmp/c' });
    expect(out.match(/^\s*server 127\.0\.0\.1:\d+.*;$/gm)).toEqual([
      '    server 127.0.0.1:4001 max_fails=1 fail_timeout=10s;',
      '    server 127.0.0.1:4002 max_fails=1 fail_timeout=10s;',
    ]);
    expect(out).toContain('listen 127.0.0.1:4100;');
    expect(out).toContain('proxy_cache_path /tmp/c levels');
    // Apart from those lines, the same file.
    const strip = (s: string) => s.split('\n').filter((l) => !/server 127\.0\.0\.1:|listen |proxy_cache_path /.test(l));
    expect(strip(out)).toEqual(strip(template));
    expect(() => renderPortlineConf(template.replace(/^(\s*)listen 80;$/m, '$1listen 8080;'), { upstreams: ['http://127.0.0.1:1'], port: 1, cacheDir: '/c' })).toThrow(/listen 80/);
    expect(() => renderPortlineConf(template.replace(/server 127\.0\.0\.1/g, 'server app'), { upstreams: ['http://127.0.0.1:1'], port: 1, cacheDir: '/c' })).toThrow(/server 127/);
  });

  it("OPS1: the X-Request-Id in nginx's answer is the one the server got (a client's odd id is replaced by nginx's own, which the server takes)", async () => {
    // The upstream answers with the id it received, as the server's log line would have it.
    const seen: string[] = [];
    const upstream = createServer((req, res) => {
      const id = String(req.headers['x-request-id'] ?? '');
      seen.push(id);
      res.setHeader('x-request-id', /^[\w.:-]{1,64}$/.test(id) ? id : 'made-up-by-the-server');
      res.end('ok');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const nginx = await startNginx({ upstreams: [`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`] });
    try {
      const ask = async (id?: string) => {
        const res = await fetch(`${nginx.url}/api/me`, { headers: id === undefined ? {} : { 'x-request-id': id } });
        await res.text();
        return res.headers.get('x-request-id');
      };
      expect(await ask('nginx-req-42')).toBe('nginx-req-42');
      for (const odd of ['a b', 'x'.repeat(65), 'semi;colon']) {
        const answered = await ask(odd);
        expect(answered).not.toBe(odd);
        expect(answered).toBe(seen[seen.length - 1]);
        expect(answered).toMatch(/^[0-9a-f]{32}$/);
      }
      expect(await ask()).toBe(seen[seen.length - 1]);
    } finally {
      await nginx.stop();
      await new Promise((r) => upstream.close(r));
    }
  });
});
