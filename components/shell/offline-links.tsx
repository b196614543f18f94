'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useRouter } from 'next/navigation';
import { clickNavigation, isPage } from '@/lib/client/app-link';
import { serverAnswers } from '@/lib/client/server-answers';
import { useConnectionState, useConnectionStateIfAny } from '@/lib/client/sync-provider';

/** How long "cannot open that page now" stays. */
const UNREACHABLE_SHOWN_MS = 6_000;
/** How long a link (or the language switch) waits for the server to answer before it says it cannot now. */
const PROBE_MS = 4_000;

/** What the note says could not be done: open another page, or change the language (a new render by the server). */
export type Unreachable = 'page' | 'language';
const UNREACHABLE_EVENT = 'portline:unreachable';

/** Shows OfflineLinks's note: `what` needed the server, which did not answer. */
function sayUnreachable(what: Unreachable): void {
  window.dispatchEvent(new CustomEvent<Unreachable>(UNREACHABLE_EVENT, { detail: what }));
}

/**
 * Runs `go` (a navigation, a render by the server) once the server can serve it (SPEC SYNC4): at
 * once while the socket is live or on a page without one; else once /healthz answers (PROBE_MS at
 * most), or if the socket came back meanwhile (a probe that timed out in the gap). No answer: the
 * page stays and OfflineLinks's note says `what` cannot be done until the connection returns.
 * Resolves once decided. The one way the links and the language switch ask.
 */
export function useServerFirst(): (go: () => void, what: Unreachable) => Promise<void> {
  const state = useConnectionStateIfAny();
  const now = useRef(state);
  useEffect(() => {
    now.current = state;
  }, [state]);
  return useCallback(async (go, what) => {
    const live = () => now.current === null || now.current === 'live';
    if (live() || (await serverAnswers(PROBE_MS)) || live()) go();
    else sayUnreachable(what);
  }, []);
}

/**
 * Every link of the app, while the socket is not live (SPEC SYNC4). A navigation that cannot reach
 * the server leaves the person on the browser's error page, out of the board they were working
 * on (their changes are kept, but they must know to come back). So, while the connection is down,
 * a click on a link to another page of the app asks the server first (/healthz, a few seconds at
 * most; the pointer says it is waiting) and goes only if it answers; else a note says the page
 * cannot be opened until the connection returns, and this page stays. A page that reads over HTTP
 * while its socket cannot connect (a proxy that drops WebSockets) still goes. While live, links go
 * at once: nothing is asked. A click with a modifier (a new tab), a download and a link elsewhere
 * are the browser's.
 *
 * One listener on the document, in the capture phase: it sees the click before any link's own
 * handler (Next's Link included), so no link needs to know about it. The language switch, a
 * render by the server too, asks the same way and says so here (sayUnreachable).
 */
export function OfflineLinks() {
  const t = useTranslations('connection');
  const router = useRouter();
  const live = useConnectionState() === 'live';
  // A count, not a flag: a second refusal shows the note for its own full time.
  const [refusals, setRefusals] = useState<{ n: number; what: Unreachable }>({ n: 0, what: 'page' });
  const [shown, setShown] = useState(false);
  const serverFirst = useServerFirst();

  useEffect(() => {
    const onRefused = (e: Event) => setRefusals((r) => ({ n: r.n + 1, what: (e as CustomEvent<Unreachable>).detail }));
    window.addEventListener(UNREACHABLE_EVENT, onRefused);
    return () => window.removeEventListener(UNREACHABLE_EVENT, onRefused);
  }, []);

  useEffect(() => {
    if (live) return;
    // The address of the last click while a probe runs: the person changed their mind, the probe's answer takes them there.
    let waiting: string | null = null;
    let ended = false;
    const root = document.documentElement;
    const onClick = (e: MouseEvent) => {
      const to = clickNavigation(e);
      if (to === null) return;
      e.preventDefault();
      e.stopPropagation();
      const asking = waiting !== null;
      waiting = to;
      if (asking) return;
      root.dataset.linkProbe = 'asking';
      const go = () => (isPage(waiting!) ? router.push(waiting!) : window.location.assign(waiting!));
      void serverFirst(go, 'page').finally(() => {
        waiting = null;
        if (!ended) delete root.dataset.linkProbe;
      });
    };
    document.addEventListener('click', onClick, true);
    return () => {
      ended = true;
      document.removeEventListener('click', onClick, true);
      delete root.dataset.linkProbe;
    };
  }, [live, router, serverFirst]);

  useEffect(() => {
    if (refusals.n === 0) return;
    setShown(true);
    const timer = setTimeout(() => setShown(false), UNREACHABLE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [refusals]);
  // Back online: the note no longer holds.
  useEffect(() => {
    if (live) setShown(false);
  }, [live]);

  if (!shown) return null;
  // Over the page, below the header, where the eye is after a click; the page under it stays as it was.
  return createPortal(
    <div
      data-testid="link-unreachable"
      data-what={refusals.what}
      role="alert"
      className="fixed top-14 left-1/2 z-50 max-w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 rounded bg-slate-800 px-3 py-2 text-sm font-medium text-white shadow-lg ring-1 ring-white/30 print:hidden"
    >
      {t(refusals.what === 'page' ? 'linkUnreachable' : 'languageUnreachable')}
    </div>,
    document.body,
  );
}
