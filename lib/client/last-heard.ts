import { browserStorage, readLocal, writeLocal, type KeyValueStore } from './local-store';

/**
 * When this browser last heard from the server (ms since epoch): over a live connection, or an
 * answer over HTTP that was the server's, not the service worker's copy. Kept in localStorage
 * across loads (SPEC SYNC12): a page that has not been live since it loaded says "offline since"
 * that time, when what the device shows stopped being current, not since the load. One value per
 * browser (every tab and account shares the link); written at most once a second per tab
 * (lib/client/socket.ts `watchHeartbeat`, fetchJson's `noteHeard`). A browser that refuses
 * storage (a privacy setting) or whose storage is full keeps nothing: the load's own time is used.
 */
const KEY = 'portline.lastHeard';

/** Records that the server was heard from at `at`; never moves the time back (another tab's later word stays). */
export function recordLastHeard(at: number, store: KeyValueStore | null = browserStorage(), now: number = Date.now()): void {
  // A time kept that is after now (the clock set back since) does not hold the record: it is replaced.
  if (!store || at <= (readLastHeard(Math.max(at, now), store) ?? 0)) return;
  writeLocal(KEY, String(Math.round(at)), store);
}

/** The time kept, if it is a time and not after `now` (a clock set back since); else null. */
export function readLastHeard(now: number = Date.now(), store: KeyValueStore | null = browserStorage()): number | null {
  const v = Number(readLocal(KEY, store) ?? NaN);
  return Number.isSafeInteger(v) && v > 0 && v <= now ? v : null;
}

let noted = -Infinity;
/** The server was heard at `at` (fetchJson's answers, the socket's heartbeat watch): recorded, at most once a second per tab. */
export function noteHeard(at: number = Date.now()): void {
  if (at - noted < 1_000) return;
  noted = at;
  recordLastHeard(at);
}
