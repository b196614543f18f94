/**
 * `p`'s value, or `fallback` once `ms` have passed without it (the timer cleared either way).
 * Without imports: the service worker's bundle uses it too (lib/client/offline/worker-core.ts).
 */
export function within<T, F>(p: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * SPEC SYNC8: a read (GET) whose answer has not begun this long after it was sent, or any
 * answer whose body has not moved for this long, is ended as TIMEOUT, which the page's queries
 * try again. A network that drops packets without a word (a quay's Wi-Fi between access points)
 * leaves a request open for many minutes otherwise, and the page waiting for it. The same bound
 * as a socket request's (IncidentFeed). A write (POST, PATCH, PUT) waits for its answer to begin
 * without a bound: its upload (an import) may take longer, and whether it was applied is not
 * known until it answers.
 * The service worker answers a page load or account read from its copy after it (COPY_AFTER_MS).
 */
export const NO_ANSWER_MS = 10_000;

/**
 * SPEC SYNC3: a change sent over a connection that says it is up, not through this long after, is
 * said so beside the count of changes waiting ("waiting for the server"): commands are answered in
 * milliseconds, so seconds without one mean the network went quiet (which the heartbeat finds out
 * only after HEARD_WITHIN_MS) or the server asked the page to come back later (shedding load).
 */
export const UNANSWERED_SHOWN_MS = 3_000;
