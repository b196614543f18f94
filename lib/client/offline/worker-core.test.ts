import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheName, MAX_PAGES } from './sw-routes';
import { offlineWorker } from './worker-core';

const ORIGIN = 'https://portline.example';
const BUILD = 'b1';
const PAGES = cacheName(BUILD, 'pages');
const FILES = cacheName(BUILD, 'files');

/** Cache Storage in memory, keyed by URL (what the worker's use of it needs). */
function memoryCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const url = (r: RequestInfo | URL) => (typeof r === 'string' ? r : r instanceof URL ? r.href : r.url);
  const cacheOf = (rows: Map<string, Response>) =>
    ({
      match: async (r: RequestInfo) => rows.get(url(r))?.clone(),
      put: async (r: RequestInfo, res: Response) => void rows.set(url(r), res),
      keys: async () => [...rows.keys()].map((u) => new Request(u)),
      delete: async (r: RequestInfo) => rows.delete(url(r)),
    }) as unknown as Cache;
  const storage = {
    open: async (name: string) => {
      if (!stores.has(name)) stores.set(name, new Map());
      return cacheOf(stores.get(name)!);
    },
    keys: async () => [...stores.keys()],
    delete: async (name: string) => stores.delete(name),
    has: async (name: string) => stores.has(name),
    match: async (r: RequestInfo, opts?: MultiCacheQueryOptions) => {
      const names = opts?.cacheName ? [opts.cacheName] : [...stores.keys()];
      for (const n of names) {
        const hit = stores.get(n)?.get(url(r));
        if (hit) return hit.clone();
      }
      return undefined;
    },
  } as unknown as CacheStorage;
  return { storage, stores, urls: (name: string) => [...(stores.get(name)?.keys() ?? [])] };
}

/** A network answering `body` for each URL, or failing when `down`; each call recorded. */
function network() {
  const net = {
    down: false,
    hold: null as Promise<void> | null,
    calls: [] as string[],
    bodies: new Map<string, string>(),
    fetch: async (request: Request) => {
      net.calls.push(request.url);
      if (net.hold) await net.hold;
      if (net.down) throw new TypeError('Failed to fetch');
      const body = net.bodies.get(request.url);
      return body === undefined ? new Response('no', { status: 404 }) : new Response(body, { status: 200 });
    },
  };
  return net;
}

/** A page load's request (a Request cannot be made with mode 'navigate' outside a browser's navigation). */
function navigation(url: string): Request {
  return Object.defineProperty(new Request(url), 'mode', { value: 'navigate' });
}

function setup() {
  const caches = memoryCaches();
  const net = network();
  const worker = offlineWorker({ caches: caches.storage, fetch: net.fetch, origin: ORIGIN, build: BUILD, copyAfterMs: 50 });
  const pending: Promise<unknown>[] = [];
  const later = (p: Promise<unknown>) => void pending.push(p);
  const settle = () => Promise.all(pending.splice(0));
  const load = (path: string) => worker.respond(navigation(`${ORIGIN}${path}`), later);
  const read = (path: string) => worker.respond(new Request(`${ORIGIN}${path}`), later);
  return { caches, net, worker, later, settle, load, read };
}

afterEach(() => vi.useRealTimers());

describe('the offline worker (SPEC SYNC12)', () => {
  it('answers a board from the network while it answers, keeping the copy; from the copy once it fails', async () => {
    const { net, caches, settle, load } = setup();
    net.bodies.set(`${ORIGIN}/incidents/a`, 'board v1');
    expect(await (await load('/incidents/a')!).text()).toBe('board v1');
    await settle();
    expect(caches.urls(PAGES)).toEqual([`${ORIGIN}/incidents/a`]);
    net.bodies.set(`${ORIGIN}/incidents/a`, 'board v2');
    // Online: the network's answer, never the copy.
    expect(await (await load('/incidents/a')!).text()).toBe('board v2');
    await settle();
    net.down = true;
    expect(await (await load('/incidents/a')!).text()).toBe('board v2');
    // No copy: the failure, as without a worker.
    await expect(load('/incidents/b')!).rejects.toThrow('Failed to fetch');
  });

  it('answers from the copy when the network has not begun to answer in time, and still keeps its late answer', async () => {
    const { net, caches, settle, load } = setup();
    net.bodies.set(`${ORIGIN}/incidents/a`, 'old');
    await load('/incidents/a');
    await settle();
    let release!: () => void;
    net.hold = new Promise((r) => (release = r));
    net.bodies.set(`${ORIGIN}/incidents/a`, 'new');
    expect(await (await load('/incidents/a')!).text()).toBe('old');
    net.hold = null;
    release();
    await vi.waitFor(async () => expect(await (await caches.storage.match(`${ORIGIN}/incidents/a`))?.text()).toBe('new'));
  });

  it('keeps no error, redirect or other answer than a good one', async () => {
    const { net, caches, settle, load, read } = setup();
    expect((await load('/incidents/none')!).status).toBe(404);
    net.bodies.set(`${ORIGIN}/api/me`, '{"account":null}');
    await read('/api/me');
    await settle();
    expect(caches.urls(PAGES)).toEqual([`${ORIGIN}/api/me`]);
  });

  it('serves built files from their copy once kept, without asking the network again', async () => {
    const { net, settle, read } = setup();
    net.bodies.set(`${ORIGIN}/_next/static/app.js`, 'js');
    expect(await (await read('/_next/static/app.js')!).text()).toBe('js');
    await settle();
    net.down = true;
    expect(await (await read('/_next/static/app.js')!).text()).toBe('js');
    expect(net.calls.filter((u) => u.endsWith('app.js'))).toHaveLength(1);
  });

  it('leaves everything else to the network (respond answers null)', () => {
    const { worker, later } = setup();
    expect(worker.respond(new Request(`${ORIGIN}/api/incidents/a/events?fromSeq=1`), later)).toBeNull();
    expect(worker.respond(navigation(`${ORIGIN}/login`), later)).toBeNull();
    expect(worker.respond(new Request(`${ORIGIN}/api/me`, { method: 'POST', body: '{}' }), later)).toBeNull();
  });

  it('keeps a page reached inside the app, the account reads and the files, when the page asks', async () => {
    const { net, caches, worker } = setup();
    for (const p of ['/incidents/a', '/api/me', '/api/agencies', '/_next/static/b.js']) net.bodies.set(`${ORIGIN}${p}`, p);
    await worker.message({ keep: { page: `${ORIGIN}/incidents/a`, files: [`${ORIGIN}/_next/static/b.js`] } });
    expect(caches.urls(PAGES).sort()).toEqual([`${ORIGIN}/api/agencies`, `${ORIGIN}/api/me`, `${ORIGIN}/incidents/a`]);
    expect(caches.urls(FILES)).toEqual([`${ORIGIN}/_next/static/b.js`]);
    // Asked again at once: nothing fetched twice (the copies are fresh).
    const before = net.calls.length;
    await worker.message({ keep: { page: `${ORIGIN}/incidents/a`, files: [`${ORIGIN}/_next/static/b.js`] } });
    expect(net.calls.length).toBe(before);
  });

  it('a forget deletes every copy, and a read begun before it writes nothing after it', async () => {
    const { net, caches, worker, settle, read } = setup();
    net.bodies.set(`${ORIGIN}/api/me`, '{"account":"ann"}');
    await read('/api/me');
    await settle();
    let release!: () => void;
    net.hold = new Promise((r) => (release = r));
    const reading = read('/api/me')!; // under way when the forget comes
    await worker.message({ forget: true });
    expect(await caches.storage.keys()).toEqual([]);
    net.hold = null;
    release();
    await reading;
    await settle();
    expect(caches.urls(PAGES)).toEqual([]);
    // A read begun after the forget is kept again.
    await read('/api/me');
    await settle();
    expect(caches.urls(PAGES)).toEqual([`${ORIGIN}/api/me`]);
  });

  it(`keeps the ${MAX_PAGES} pages shown last, and the account reads beside them`, async () => {
    const { net, caches, settle, load, read } = setup();
    net.bodies.set(`${ORIGIN}/api/me`, 'me');
    await read('/api/me');
    for (let i = 0; i < MAX_PAGES + 3; i++) {
      net.bodies.set(`${ORIGIN}/incidents/i${i}`, `i${i}`);
      await load(`/incidents/i${i}`);
      await settle();
    }
    const urls = caches.urls(PAGES);
    expect(urls).toHaveLength(MAX_PAGES + 1);
    expect(urls).toContain(`${ORIGIN}/api/me`);
    expect(urls).not.toContain(`${ORIGIN}/incidents/i0`);
    expect(urls).toContain(`${ORIGIN}/incidents/i${MAX_PAGES + 2}`);
  });

  it('on activation deletes the copies of other builds, and only those', async () => {
    const { caches, worker } = setup();
    for (const name of [cacheName('old', 'pages'), cacheName('old', 'files'), PAGES, FILES, 'someone-elses']) await caches.storage.open(name);
    await worker.activate();
    expect((await caches.storage.keys()).sort()).toEqual([FILES, PAGES, 'someone-elses'].sort());
  });
});
