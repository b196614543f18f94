import { NO_ANSWER_MS } from '../within';
/**
 * What the service worker (service-worker.ts) does with one request (SPEC SYNC12). Pure, so that
 * the choice is tested without a browser:
 * - `page`: a page load (a navigation) of the incident list or a board: the network first, and a
 *   copy kept; when the network fails, the copy kept of that address.
 * - `static`: Next's built files (`/_next/static/`, named by their content): kept at first use,
 *   then served from the copy.
 * - `account`: what every signed-in page asks before it shows anything (the account, the agency
 *   directory): the network first, the copy kept only for when the network fails.
 * - null: everything else goes to the network untouched (writes, the socket, the incident's log,
 *   the wall's pages, other sites).
 */
export type OfflineRoute = 'page' | 'static' | 'account' | null;

/** Marks an answer the worker gave from its copy, not the server's (the page does not count it as heard: SYNC12). */
export const COPY_HEADER = 'x-portline-copy';

/**
 * The reads every signed-in page waits for (AuthGate), and the installation's emergency plans (a
 * commander's board offers its scenario's once read, SPEC PLAN2): kept for a load while offline.
 */
export const ACCOUNT_READS: readonly string[] = ['/api/me', '/api/agencies', '/api/plans'];

/**
 * Pages kept: the incident list and each incident's board, what a responder works on. The other
 * pages are not kept: the sign-in page (it can do nothing offline), the replay, metrics, findings,
 * report and export pages (each reads the server for what it shows; keeping them would only cost
 * the server a second render of each, just as the replay measures its first moves), the admin's
 * and account pages, and the wall's (a wall screen is wired in the command centre, and its
 * address may carry its token). `/` is a redirect to the list: never kept.
 */
const KEPT_PAGE = /^\/incidents(\/[^/]+)?$/;

export function offlineRoute(req: { method: string; url: string; mode: string }, origin: string): OfflineRoute {
  if (req.method !== 'GET') return null;
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  const path = url.pathname;
  if (path.startsWith('/_next/static/')) return 'static';
  if (ACCOUNT_READS.includes(path) && url.search === '') return 'account';
  if (req.mode === 'navigate' && KEPT_PAGE.test(path)) return 'page';
  return null;
}

/**
 * The caches of one build, one for pages and the account's reads, one for built files: the next
 * build's worker deletes every other cache of this prefix (SPEC SYNC12), and so does a sign-in
 * or a sign-out (forgetOfflineCopies).
 */
export const CACHE_PREFIX = 'portline-offline-';
export function cacheName(build: string, kind: 'pages' | 'files'): string {
  return `${CACHE_PREFIX}${build}-${kind}`;
}

/** Deletes the offline copies' caches, but those `keep` names: the worker's and the page's one way to. */
export async function deleteCopies(caches: CacheStorage, keep: (name: string) => boolean = () => false): Promise<void> {
  for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX) && !keep(name)) await caches.delete(name).catch(() => false);
}

/** At most this many pages kept: the oldest go first. */
export const MAX_PAGES = 40;

/** How long the worker stays up, at most, to write the copy of an answer that came late. */
export const LATE_WRITE_MS = 60_000;

/**
 * The built files a kept page names (its scripts, styles, and the chunks its router data lists):
 * kept with it, so that the page runs from its copies even when it was kept by a keep request,
 * not loaded (a page reached inside the app, the first page a new build's worker keeps).
 */
export function filesIn(html: string, origin: string): string[] {
  const found = new Set<string>();
  // A path of this site's own: right after a quote, a bracket, "=" or a space (not another host's).
  for (const m of html.matchAll(/(?<=["'(=\s])\/_next\/static\/[A-Za-z0-9._~%\-/]+/g)) found.add(`${origin}${m[0]}`);
  return [...found].filter((url) => offlineRoute({ method: 'GET', url, mode: 'no-cors' }, origin) === 'static').slice(0, KEEP_FILES_MAX);
}

/**
 * A page load or account read whose answer has not begun this long is answered from its copy,
 * where there is one: the bound after which a page ends a read that got no answer (SPEC SYNC8,
 * `NO_ANSWER_MS`), on a link that drops packets without a word.
 */
export const COPY_AFTER_MS = NO_ANSWER_MS;

/**
 * What a page asks of the worker (OfflineWorker, forgetOfflineCopies), read like every inbound
 * payload: anything of another shape is ignored.
 * - `{ keep: { page, files } }`, on each page shown: keep the page's own address (and the
 *   account's reads), and the built files it has loaded. A page reached inside the app (the
 *   router, not a page load) never passed through the worker, nor did the files of the very first
 *   load (the worker was not there yet): without this, a reload on a dead link found neither. An
 *   address of another site, or not of a kept page, is left out; at most KEEP_FILES_MAX files.
 * - `{ forget: true }`, on a sign-in, a sign-out or a session found ended: drop every copy, and
 *   write none that a request begun before it brings back (an account read under way would
 *   otherwise land after the page deleted the caches, and keep the last person's account).
 */
export type WorkerMessage = { kind: 'keep'; page: string | null; files: string[] } | { kind: 'forget' };
export const KEEP_FILES_MAX = 500;
const URL_MAX = 2_000;

export function readWorkerMessage(data: unknown, origin: string): WorkerMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  if ('forget' in data) return (data as { forget: unknown }).forget === true ? { kind: 'forget' } : null;
  if (!('keep' in data)) return null;
  const keep = (data as { keep: unknown }).keep;
  if (typeof keep !== 'object' || keep === null) return null;
  const { page, files } = keep as { page?: unknown; files?: unknown };
  if (!Array.isArray(files) || files.length > KEEP_FILES_MAX) return null;
  const isUrl = (u: unknown): u is string => typeof u === 'string' && u.length <= URL_MAX;
  if (!isUrl(page) || !files.every(isUrl)) return null;
  return {
    kind: 'keep',
    page: offlineRoute({ method: 'GET', url: page, mode: 'navigate' }, origin) === 'page' ? page : null,
    files: [...new Set(files.filter((f) => offlineRoute({ method: 'GET', url: f, mode: 'no-cors' }, origin) === 'static'))],
  };
}
