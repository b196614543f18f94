import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheName, COPY_HEADER, MAX_PAGES } from './sw-routes';
import { offlineWorker } from './worker-core';

const ORIGIN = 'https://portline.example';
const BUILD = 'b1';
const PAGES = cacheName(BUILD, 'pages');
const FILES = cacheName(BUILD, 'files');

/** Cache Storage in memory, keyed by URL (what the worker's use of it needs). */
function memoryCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const failPuts = { on: false };
  const url = (r: RequestInfo | URL) => (typeof r === 'string' ? r : r instanceof URL ? r.href : r.url);
  const cacheOf = (rows: Map<string, Response>) =>
    ({
      match: async (r: RequestInfo) => rows.get(url(r))?.clone(),
      // As Cache Storage does: an entry put again goes to the end of the keys.
      put: async (r: RequestInfo, res: Response) => {
        if (failPuts.on) throw new DOMException('Quota exceeded', 'QuotaExceededError');
        rows.delete(url(r));
        rows.set(url(r), res);
      },
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
  return { storage, stores, failPuts, urls: (name: string) => [...(stores.get(name)?.keys() ?? [])] };
}

/** A network answering `body` for each URL, or failing when `down`; each call recorded. */
function network() {
  const net = {
    down: false,
    hold: null as Promise<void> | null,
    calls: [] as string[],
    /** A status the network answers everything with (a proxy with no server behind it: 502). */
    status: 200,
    bodies: new Map<string, string>(),
    /** Holds every answer from now until the returned release (answers already on their way too). */
    holdAnswers(): () => void {
      let release!: () => void;
      net.hold = new Promise((r) => (release = r));
      return () => {
        net.hold = null;
        release();
      };
    },
    fetch: async (request: Request) => {
      net.calls.push(request.url);
      if (net.hold) await net.hold;
      if (net.down) throw new TypeError('Failed to fetch');
      if (net.status !== 200) return new Response('proxy', { status: net.status });
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
  return { caches, net, worker, later, settle, load, read, pending };
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
    const online = await load('/incidents/a')!;
    expect(online.headers.has(COPY_HEADER)).toBe(false);
    expect(await online.text()).toBe('board v2');
    await settle();
    net.down = true;
    // The copy says it is one (the page does not count it as the server heard: SYNC12).
    const copy = await load('/incidents/a')!;
    expect(copy.headers.get(COPY_HEADER)).toBe('1');
    expect(await copy.text()).toBe('board v2');
    // No copy: the failure, as without a worker.
    await expect(load('/incidents/b')!).rejects.toThrow('Failed to fetch');
  });

  it('answers from the copy when the network has not begun to answer in time, and still keeps its late answer', async () => {
    const { net, caches, settle, load, pending } = setup();
    net.bodies.set(`${ORIGIN}/incidents/a`, 'old');
    await load('/incidents/a');
    await settle();
    const release = net.holdAnswers();
    net.bodies.set(`${ORIGIN}/incidents/a`, 'new');
    expect(await (await load('/incidents/a')!).text()).toBe('old');
    // The late answer's write was handed to `later` with the request (the worker stays up for it).
    expect(pending.length).toBe(1);
    release();
    await vi.waitFor(async () => expect(await (await caches.storage.match(`${ORIGIN}/incidents/a`))?.text()).toBe('new'));
  });

  it('waits for a slow network when there is no copy', async () => {
    const { net, load } = setup();
    const release = net.holdAnswers();
    net.bodies.set(`${ORIGIN}/incidents/a`, 'late');
    const answer = load('/incidents/a')!;
    setTimeout(release, 120);
    expect(await (await answer).text()).toBe('late');
  });

  it('a proxy with no server behind it (502, 504) is answered from the copy, or passed on; a 503 is the server’s own and passed on', async () => {
    const { net, settle, load, caches } = setup();
    net.bodies.set(`${ORIGIN}/incidents/a`, 'kept');
    await load('/incidents/a');
    await settle();
    for (const status of [502, 504]) {
      net.status = status;
      expect(await (await load('/incidents/a')!).text()).toBe('kept');
      expect((await load('/incidents/b')!).status).toBe(status);
    }
    net.status = 503;
    expect((await load('/incidents/a')!).status).toBe(503);
    // The server's own typed 504 (JSON) is its answer, not a proxy's: passed on.
    net.status = 200;
    const typed = offlineWorker({
      caches: caches.storage,
      fetch: async () => new Response('{"ok":false,"error":{"code":"TIMEOUT"}}', { status: 504, headers: { 'content-type': 'application/json' } }),
      origin: ORIGIN,
      build: BUILD,
    });
    expect((await typed.respond(navigation(`${ORIGIN}/incidents/a`), () => undefined)!).status).toBe(504);
  });

  it('a copy that cannot be written changes no answer: the network’s still comes', async () => {
    const { net, caches, settle, load } = setup();
    caches.failPuts.on = true;
    net.bodies.set(`${ORIGIN}/incidents/a`, 'fresh');
    expect(await (await load('/incidents/a')!).text()).toBe('fresh');
    await settle();
    expect(caches.urls(PAGES)).toEqual([]);
  });

  it('a page kept on request keeps the built files it names (a new build’s, say), so it runs from its copies; a page load fetches none beside its own', async () => {
    const { net, caches, settle, load, worker } = setup();
    net.bodies.set(`${ORIGIN}/incidents/a`, '<script src="/_next/static/chunks/app-1.js"></script><link href="/_next/static/css/x.css">');
    net.bodies.set(`${ORIGIN}/_next/static/chunks/app-1.js`, 'js');
    net.bodies.set(`${ORIGIN}/_next/static/css/x.css`, 'css');
    await load('/incidents/a');
    await settle();
    expect(caches.urls(FILES)).toEqual([]);
    net.bodies.set(`${ORIGIN}/incidents/b`, net.bodies.get(`${ORIGIN}/incidents/a`)!);
    await worker.message({ keep: { page: `${ORIGIN}/incidents/b`, files: [] } });
    expect(caches.urls(FILES).sort()).toEqual([`${ORIGIN}/_next/static/chunks/app-1.js`, `${ORIGIN}/_next/static/css/x.css`]);
  });

  it('keeps no error answer, only good ones', async () => {
    const { net, caches, settle, load, read } = setup();
    expect((await load('/incidents/none')!).status).toBe(404);
    net.bodies.set(`${ORIGIN}/api/me`, '{"account":null}');
    await read('/api/me');
    await settle();
    expect(caches.urls(PAGES)).toEqual([`${ORIGIN}/api/me`]);
  });

  it('leaves built files to the browser (its own cache) online; right after a page was answered from its copy, serves them from theirs', async () => {
    const { net, caches, worker, settle, load, read } = setup();
    net.bodies.set(`${ORIGIN}/incidents/a`, '<script src="/_next/static/app.js"></script>');
    net.bodies.set(`${ORIGIN}/_next/static/app.js`, 'js');
    expect(read('/_next/static/app.js')).toBeNull();
    await worker.message({ keep: { page: `${ORIGIN}/incidents/a`, files: [] } });
    expect(caches.urls(FILES)).toEqual([`${ORIGIN}/_next/static/app.js`]);
    net.down = true;
    expect(read('/_next/static/app.js')).toBeNull(); // no page answered from a copy yet
    expect(await (await load('/incidents/a')!).text()).toContain('app.js');
    await settle();
    expect(await (await read('/_next/static/app.js')!).text()).toBe('js');
    // A file with no copy: asked of the browser's cache and the network, as without a worker.
    await expect(read('/_next/static/other.js')!).rejects.toThrow('Failed to fetch');
  });

  it('a page load uses the answer the browser preloaded (navigation preload), not a second request; other page loads too', async () => {
    const { net, worker, later } = setup();
    const preload = Promise.resolve(new Response('preloaded board'));
    expect(await (await worker.respond(navigation(`${ORIGIN}/incidents/a`), later, preload)!).text()).toBe('preloaded board');
    const replay = worker.respond(navigation(`${ORIGIN}/incidents/a/replay?seq=3`), later, Promise.resolve(new Response('preloaded replay')));
    expect(await (await replay!).text()).toBe('preloaded replay');
    expect(net.calls).toEqual([]);
    // No preload (the worker's first moments): asked for as usual.
    net.bodies.set(`${ORIGIN}/incidents/a`, 'board');
    expect(await (await worker.respond(navigation(`${ORIGIN}/incidents/a`), later, Promise.resolve(undefined))!).text()).toBe('board');
  });

  it('leaves everything else to the network (respond answers null)', () => {
    const { worker, later } = setup();
    expect(worker.respond(new Request(`${ORIGIN}/api/incidents/a/events?fromSeq=1`), later)).toBeNull();
    expect(worker.respond(navigation(`${ORIGIN}/login`), later)).toBeNull();
    expect(worker.respond(new Request(`${ORIGIN}/api/me`, { method: 'POST', body: '{}' }), later)).toBeNull();
  });

  it('keeps a page reached inside the app, the account reads and the files, when the page asks', async () => {
    const { net, caches, worker } = setup();
    for (const p of ['/incidents/a', '/api/me', '/api/agencies', '/api/plans', '/_next/static/b.js']) net.bodies.set(`${ORIGIN}${p}`, p);
    await worker.message({ keep: { page: `${ORIGIN}/incidents/a`, files: [`${ORIGIN}/_next/static/b.js`] } });
    expect(caches.urls(PAGES).sort()).toEqual([`${ORIGIN}/api/agencies`, `${ORIGIN}/api/me`, `${ORIGIN}/api/plans`, `${ORIGIN}/incidents/a`]);
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
    const release = net.holdAnswers();
    const reading = read('/api/me')!; // under way when the forget comes
    await worker.message({ forget: true });
    expect(await caches.storage.keys()).toEqual([]);
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
      if (i === 0) {
        // Shown again later: it moves to the end and stays.
        await load('/incidents/i0');
        await settle();
      }
      if (i === MAX_PAGES) {
        await load('/incidents/i0');
        await settle();
      }
    }
    const urls = caches.urls(PAGES);
    expect(urls).toHaveLength(MAX_PAGES + 1);
    expect(urls).toContain(`${ORIGIN}/api/me`);
    expect(urls).toContain(`${ORIGIN}/incidents/i0`); // shown again late: kept
    expect(urls).not.toContain(`${ORIGIN}/incidents/i1`); // the oldest not shown again: gone
    expect(urls).toContain(`${ORIGIN}/incidents/i${MAX_PAGES + 2}`);
  });

  it('on activation deletes the copies of other builds, and only those', async () => {
    const { caches, worker } = setup();
    for (const name of [cacheName('old', 'pages'), cacheName('old', 'files'), PAGES, FILES, 'someone-elses']) await caches.storage.open(name);
    await worker.activate();
    expect((await caches.storage.keys()).sort()).toEqual([FILES, PAGES, 'someone-elses'].sort());
  });
});
