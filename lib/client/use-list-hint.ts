'use client';

import { useEffect, useRef } from 'react';
import { useSocketEvent } from './use-socket-event';

/**
 * How long a list waits after a list hint (`incidents:changed`) before it reads the list again: a
 * random time in this range, so that every list page and wall screen does not read at the same
 * moment (each read summarises every incident it may read), and the hints that come meanwhile
 * (the server sends one per changed incident, at most one a second each) go with that one read.
 */
export const LIST_HINT_DELAY = { minMs: 500, maxMs: 3000 };

export interface HintCoalescer {
  /** A hint: `read` runs once, after the delay; hints until then join that read. */
  hint(): void;
  /** Forgets a read still to come (the list is gone). */
  cancel(): void;
}

export function coalesceHints(
  read: () => void,
  { minMs, maxMs, random = Math.random }: { minMs: number; maxMs: number; random?: () => number } = LIST_HINT_DELAY,
): HintCoalescer {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    hint() {
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        read();
      }, minMs + random() * (maxMs - minMs));
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/**
 * Reads a list again (`read`) after the list hints of the socket, coalesced and jittered
 * (`coalesceHints`, LIST_HINT_DELAY): the incident list and the wall screens' overview.
 */
export function useListHint(read: () => void): void {
  const latest = useRef(read);
  latest.current = read;
  const coalescer = useRef<HintCoalescer | null>(null);
  useEffect(() => {
    const c = coalesceHints(() => latest.current());
    coalescer.current = c;
    return () => {
      c.cancel();
      coalescer.current = null;
    };
  }, []);
  useSocketEvent('incidents:changed', () => coalescer.current?.hint());
}
