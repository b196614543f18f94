import { NO_ANSWER_MS } from './within';

/** Answered by the server once it serves pages (it listens only after Next is ready). */
const HEALTH_PATH = '/healthz';

/**
 * Whether the server answers now: a page loaded now would be the page, not the browser's error
 * page. A check with no answer in `timeoutMs` is a no (SPEC SYNC8): on a network that drops packets
 * without a word it would otherwise wait for minutes, and whatever waits for it.
 */
export async function serverAnswers(timeoutMs = NO_ANSWER_MS): Promise<boolean> {
  // A timer of the page's own (not AbortSignal.timeout): the wall's tests drive it with fake timers.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    return (await fetch(HEALTH_PATH, { cache: 'no-store', signal: abort.signal })).ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
