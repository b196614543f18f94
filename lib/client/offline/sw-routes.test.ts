import { describe, expect, it } from 'vitest';
import { filesIn, KEEP_FILES_MAX, offlineRoute, readWorkerMessage } from './sw-routes';

const ORIGIN = 'https://portline.example:8443';
const get = (path: string, mode = 'cors') => ({ method: 'GET', url: `${ORIGIN}${path}`, mode });

describe('offlineRoute: what the service worker does with a request (SPEC SYNC12)', () => {
  it('keeps page loads of the incident list and of a board', () => {
    for (const path of ['/incidents', '/incidents/abc', '/incidents/abc?task=t1']) expect(offlineRoute(get(path, 'navigate'), ORIGIN), path).toBe('page');
  });

  it('leaves every other page to the network: sign-in, review pages, account, admin, the wall, the redirect', () => {
    for (const path of [
      '/',
      '/login',
      '/incidents/abc/replay',
      '/incidents/abc/replay?seq=12',
      '/incidents/abc/findings',
      '/incidents/abc/report',
      '/account',
      '/admin',
      '/display',
      '/display?token=x',
      '/incidentsX',
      '/incidents/',
    ])
      expect(offlineRoute(get(path, 'navigate'), ORIGIN), path).toBeNull();
  });

  it("keeps the router's fetch of a page out (only a page load is a page)", () => {
    expect(offlineRoute(get('/incidents/abc?_rsc=1x'), ORIGIN)).toBeNull();
  });

  it('serves built files from their copy; the account and the directory network-first; nothing else', () => {
    expect(offlineRoute(get('/_next/static/chunks/app.js', 'no-cors'), ORIGIN)).toBe('static');
    expect(offlineRoute(get('/api/me'), ORIGIN)).toBe('account');
    expect(offlineRoute(get('/api/agencies'), ORIGIN)).toBe('account');
    expect(offlineRoute(get('/api/plans'), ORIGIN)).toBe('account');
    expect(offlineRoute(get('/api/me?x=1'), ORIGIN)).toBeNull();
    expect(offlineRoute(get('/api/incidents/abc/events?fromSeq=0'), ORIGIN)).toBeNull();
    expect(offlineRoute(get('/socket.io/?EIO=4'), ORIGIN)).toBeNull();
  });

  it('never touches a write or another site', () => {
    expect(offlineRoute({ method: 'POST', url: `${ORIGIN}/api/me`, mode: 'cors' }, ORIGIN)).toBeNull();
    expect(offlineRoute({ method: 'GET', url: 'https://elsewhere.example/_next/static/a.js', mode: 'no-cors' }, ORIGIN)).toBeNull();
    expect(offlineRoute({ method: 'GET', url: 'not a url', mode: 'navigate' }, ORIGIN)).toBeNull();
  });
});

describe('readWorkerMessage: what a page asks of the worker, parsed', () => {
  it('reads a keep: the page if it is one kept, the built files of this site only, once each', () => {
    const files = [`${ORIGIN}/_next/static/a.js`, `${ORIGIN}/_next/static/a.js`, 'https://cdn.example/_next/static/b.js', `${ORIGIN}/api/me`];
    expect(readWorkerMessage({ keep: { page: `${ORIGIN}/incidents/abc`, files } }, ORIGIN)).toEqual({
      kind: 'keep',
      page: `${ORIGIN}/incidents/abc`,
      files: [`${ORIGIN}/_next/static/a.js`],
    });
    expect(readWorkerMessage({ keep: { page: `${ORIGIN}/login`, files: [] } }, ORIGIN)).toEqual({ kind: 'keep', page: null, files: [] });
    expect(readWorkerMessage({ keep: { page: `${ORIGIN}/incidents/abc/replay?seq=3`, files: [] } }, ORIGIN)).toEqual({ kind: 'keep', page: null, files: [] });
  });

  it('reads a forget', () => {
    expect(readWorkerMessage({ forget: true }, ORIGIN)).toEqual({ kind: 'forget' });
  });

  it('ignores anything of another shape or over the limits', () => {
    for (const bad of [
      null,
      'keep',
      42,
      { forget: 'yes' },
      { keep: null },
      { keep: { page: 1, files: [] } },
      { keep: { page: `${ORIGIN}/incidents`, files: 'a.js' } },
      { keep: { page: `${ORIGIN}/incidents`, files: [1] } },
      { keep: { page: `${ORIGIN}/${'x'.repeat(3000)}`, files: [] } },
      { keep: { page: `${ORIGIN}/incidents`, files: Array.from({ length: KEEP_FILES_MAX + 1 }, (_, i) => `${ORIGIN}/_next/static/${i}.js`) } },
    ])
      expect(readWorkerMessage(bad, ORIGIN), JSON.stringify(bad)?.slice(0, 80)).toBeNull();
  });
});

describe('filesIn: the built files a page names', () => {
  it('finds its scripts, styles and the chunks its router data lists, once each, this site’s only', () => {
    const html =
      '<link rel="stylesheet" href="/_next/static/css/a1.css"><script src="/_next/static/chunks/main-9f.js" async></script>' +
      '<script>self.__next_f.push([1,"2:I[\\"/_next/static/chunks/page-77.js\\"]"])</script><script src="/_next/static/chunks/main-9f.js"></script>' +
      '<img src="https://cdn.example/_next/static/x.png"><a href="/incidents">list</a>';
    expect(filesIn(html, ORIGIN)).toEqual([`${ORIGIN}/_next/static/css/a1.css`, `${ORIGIN}/_next/static/chunks/main-9f.js`, `${ORIGIN}/_next/static/chunks/page-77.js`]);
    expect(filesIn('<p>no files</p>', ORIGIN)).toEqual([]);
  });
});
