/**
 * When this browser last heard from the server over a live connection (ms since epoch), kept in
 * localStorage across loads (SPEC SYNC12): a page loaded on a dead link says "offline since" that
 * time, when what the device shows stopped being current, not since the load. One value per
 * browser (every tab and account shares the link); a tab that is live writes it at most once a
 * second (lib/client/socket.ts `watchHeartbeat`).
 */
const KEY = 'portline.lastHeard';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null; // storage refused (a browser's privacy setting): the load's own time is used
  }
}

/** Records that the server was heard from at `at`; never moves the time back (another tab's later word stays). */
export function recordLastHeard(at: number, store: Storage | null = storage()): void {
  try {
    if (!store || at <= (readLastHeard(Infinity, store) ?? 0)) return;
    store.setItem(KEY, String(Math.round(at)));
  } catch {
    // full or refused: the load's own time is used
  }
}

/** The time kept, if it is a time and not after `now` (a clock set back since); else null. */
export function readLastHeard(now: number = Date.now(), store: Storage | null = storage()): number | null {
  try {
    const v = Number(store?.getItem(KEY) ?? NaN);
    return Number.isSafeInteger(v) && v > 0 && v <= now ? v : null;
  } catch {
    return null;
  }
}
