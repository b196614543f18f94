'use client';

import { useEffect, useState } from 'react';
import { tokenFromHash } from '@/lib/client/display-link';

/**
 * The display token from the link's fragment (`#t=…`): undefined until the
 * browser has read it (there is no fragment on the server), null when the link
 * has none. Read once, so navigating inside the screen never loses it; a
 * different token pasted into the address bar reloads the page for it.
 */
export function useHashToken(): string | null | undefined {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const first = tokenFromHash(window.location.hash);
    setToken(first);
    const onHash = () => {
      const next = tokenFromHash(window.location.hash);
      if (next && next !== first) window.location.reload();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return token;
}
