import type { BrowserContext, Page } from '@playwright/test';

/** The switch of a fault a test puts in a page, and a marker a reload wipes. */
export type FaultyRootWindow = Window & { rootFails?: boolean; stillHere?: boolean };

/**
 * Makes the app's root fail in the context's first page load from now on, with nothing of the
 * product changed for it: the data cache above every page (react-query's client) starts listening
 * for the browser coming online when it mounts, and while the page's `rootFails` is up that
 * throws. The failure is above every page's own error page, so app/global-error.tsx catches it.
 * The test puts the switch down with `rootFails = false`; a later load of the tab does not fail.
 */
export async function failTheRootOnFirstLoad(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as FaultyRootWindow;
    w.rootFails = sessionStorage.getItem('e2e-root-failed') === null;
    sessionStorage.setItem('e2e-root-failed', '1');
    w.stillHere = true;
    const add = window.addEventListener;
    window.addEventListener = function (this: Window, ...args: Parameters<typeof add>) {
      if (w.rootFails && args[0] === 'online') throw new Error('e2e: the app root fails');
      return add.apply(this, args);
    } as typeof add;
  });
}

/** How the page's incident reads are answered while a test's fault is on: a join's or fetch's ack, or null (passed on). */
export type FeedFault = null | 'refused' | 'storeAway';

/**
 * Between the page and the server, on every socket of `target`: while `fault()` says so, each
 * incident join and fetch the page sends is answered here, not passed on (a page of another shape
 * than the protocol's, which the page reads as its own BAD_RESPONSE: a server of another version or
 * a bug; or STORE_UNAVAILABLE), and the live events the server pushes are made of another shape
 * (refused), or dropped (the store away: the page hears of a change only by the list hint), so that
 * the page's read of it fails. Pings, hints and commands pass.
 */
export async function failFeedReads(target: BrowserContext | Page, fault: () => FeedFault): Promise<void> {
  await target.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      // A Socket.IO event with an ack id: 42<id>["incident:join",{…}]
      const read = typeof m === 'string' ? /^42(\d+)\["incident:(join|fetch)",/.exec(m) : null;
      const now = fault();
      if (read && now) {
        const answer = now === 'refused' ? { ok: true, events: [{ seq: 'x' }], headSeq: 99 } : { ok: false, error: { code: 'STORE_UNAVAILABLE', message: 'e2e: the store is away' } };
        ws.send(`43${read[1]}${JSON.stringify([answer])}`);
        return;
      }
      server.send(m);
    });
    server.onMessage((m) => {
      const now = fault();
      if (now && typeof m === 'string' && m.startsWith('42["incident:events"')) {
        // Refused: the push comes, of another shape, and the page joins again to learn what is wrong
        // (SPEC SYNC10; a wall of one incident hears no list hint). The store away: it never comes.
        if (now === 'refused') {
          const [name, payload] = JSON.parse(m.slice(2)) as [string, { incidentId: string }];
          ws.send(`42${JSON.stringify([name, { incidentId: payload.incidentId, events: [{ seq: 'x' }] }])}`);
        }
        return;
      }
      ws.send(m);
    });
  });
}

/** The network between a context's pages and the server, as `readsBetween` sets it. */
export interface ReadsBetween {
  /** Takes the network away: every socket closed now, new ones closed at once, event pages over HTTP refused. */
  cut(): Promise<void>;
  /** Gives it back; with `hold`, the pages' incident reads (a socket's join and fetch, event pages over HTTP) wait here until `release`. */
  restore(opts: { hold: boolean }): void;
  /** Lets the held reads through, and those from now on. */
  release(): void;
}

/**
 * Between the pages of `context` and the server (put before they load): a network a test can take
 * away and give back with the pages' reads of what they missed held, so that what a screen shows
 * while it has not caught up after a break (SPEC SYNC5) can be looked at. Nothing of the product
 * is changed for it.
 */
export async function readsBetween(context: BrowserContext): Promise<ReadsBetween> {
  let down = false;
  let hold = false;
  const open = new Set<{ close: () => Promise<void> }>();
  const held: Array<() => void> = [];
  // Reads over HTTP too: a page whose socket is not connected reads what is new every 15 s (SPEC SYNC7).
  await context.route(/\/api\/incidents\/[^/]+\/events/, (route) =>
    down ? route.abort('internetdisconnected') : hold ? void held.push(() => void route.continue()) : route.continue(),
  );
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (down) return void ws.close();
    const server = ws.connectToServer();
    open.add(ws);
    ws.onClose(() => open.delete(ws));
    ws.onMessage((m) => {
      if (hold && typeof m === 'string' && /^42\d+\["incident:(join|fetch)",/.test(m)) held.push(() => server.send(m));
      else server.send(m);
    });
  });
  return {
    async cut() {
      down = true;
      for (const ws of [...open]) await ws.close();
    },
    restore(opts) {
      hold = opts.hold;
      down = false;
    },
    release() {
      hold = false;
      for (const send of held.splice(0)) send();
    },
  };
}
