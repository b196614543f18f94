'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { forgetWallToken, keepWallToken, tabStorage, tokenFromHash, wallTokenOnLoad, type WallToken } from '@/lib/client/display-link';

/**
 * Takes the fragment (`#t=…`) out of the address bar, keeping the path and the query, so the
 * token cannot be copied off the screen (Ctrl+L, "copy link"). Through the history API that Next
 * patches, so the router learns the new address too (else its next history write, on a retry
 * after a failure, would put the fragment back); once more after a tick, since the router
 * patches it only once it has mounted, which on the first load may be after this screen did.
 */
function stripFragment(): void {
  const strip = () => {
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  };
  strip();
  setTimeout(() => window.history.replaceState(null, '', window.location.pathname + window.location.search), 0);
}

/**
 * A wall screen's display token: `undefined` until the browser has read it (there is no fragment
 * on the server, so the first render has none). Read from the link's fragment, which is then
 * taken out of the address bar, and kept in the tab's sessionStorage, so a reload of that tab
 * (a person's, or the wall's own after failures, SPEC SYNC3) still has it, while a copied address
 * or a new tab does not; without a fragment, the one this tab kept. Moving between the wall's
 * own views never needs it in the URL: it stays in memory. A display link pasted into the address
 * bar takes over (the page reloads for a token other than the one in use).
 *
 * `revoked()`: the token was refused; the tab forgets it, keeping only that it was refused, so a
 * reload shows "revoked" again and no copy of the token is left behind.
 */
export function useHashToken(): [WallToken | undefined, () => void] {
  const [token, setToken] = useState<WallToken | undefined>(undefined);
  const current = useRef<WallToken | undefined>(undefined);
  useEffect(() => {
    const start = wallTokenOnLoad(window.location.hash, tabStorage());
    if (start.strip) stripFragment();
    current.current = start.token;
    setToken(start.token);
    const onHash = () => {
      const next = tokenFromHash(window.location.hash);
      if (!next) return;
      if (keepWallToken(tabStorage(), next)) stripFragment();
      const now = current.current;
      if (now?.kind !== 'token' || now.token !== next) window.location.reload();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const revoked = useCallback(() => {
    forgetWallToken(tabStorage());
    current.current = { kind: 'revoked' };
    setToken(current.current);
  }, []);
  return [token, revoked];
}
