import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceWorkerHandler } from './service-worker';

describe('GET /sw.js: the build’s service worker (SPEC SYNC12)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'portline-sw-'));
  const servers: Server[] = [];
  const serve = async (file: string | null) => {
    const server = createServer(createServiceWorkerHandler(file));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/sw.js`;
  };
  let url = '';
  beforeAll(async () => {
    writeFileSync(path.join(dir, 'sw.js'), 'self.x = "工作线程";');
    url = await serve(path.join(dir, 'sw.js'));
  });
  afterAll(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is served as JavaScript the browser asks again about on every load (a new build replaces it)', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe('self.x = "工作线程";');
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers a typed NOT_FOUND where there is no build (until it is there), on the dev server, and to a write', async () => {
    const later = await serve(path.join(dir, 'later.js'));
    const missing = await fetch(later);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    writeFileSync(path.join(dir, 'later.js'), 'built');
    expect(await (await fetch(later)).text()).toBe('built');
    const dev = await fetch(await serve(null));
    expect(dev.status).toBe(404);
    expect(await dev.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const post = await fetch(url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(404);
    expect(await post.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
