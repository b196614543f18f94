'use client';

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { AccountView } from '@/lib/protocol/http';
import { getMe } from './api/me';
import type { Outbox } from './outbox';
import { linkOutbox, outboxMessage, readOutboxMessage } from './outbox-link';
import { pendingCounts, refused, unansweredSince, type OutboxEntry, type PendingCounts } from './outbox-queue';
import { defaultOutboxStore, type OutboxStore } from './outbox-store';
import { queryKeys } from './query-keys';
import { useHelloCheck, useSyncSocket } from './sync-provider';

const OutboxContext = createContext<Outbox | null>(null);
/** Whether the outbox keeps changes over a reload: true until its IndexedDB could not be opened. */
const OutboxDurableContext = createContext(true);

/** Held by the tab that sends an account's outbox (Web Locks); absent outside secure contexts. */
function lockFor(accountId: string): ((fn: () => Promise<void>) => Promise<boolean>) | undefined {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return undefined; // plain http on a LAN: every tab may send; command ids make the doubles harmless (IDEM1)
  return async (fn) =>
    (await locks.request(`portline-outbox:${accountId}`, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      await fn();
      return true;
    })) as boolean;
}

/**
 * The signed-in account's outbox (lib/client/outbox.ts), in IndexedDB, sent
 * over this tab's socket once a connection's hello names this account
 * (lib/client/outbox-link.ts, SPEC SYNC11). Inside the SyncProvider; keyed by account like it.
 * One store while mounted: where IndexedDB cannot be opened it is memory, and says so
 * (useOutboxDurable), and what it holds stays for as long as the page. Each entry records the
 * role and agency it was made as, from the page's account (useMe's cache, read again before the
 * first send on each connection); one made as another is kept for the person's decision, not sent
 * (SPEC SYNC11).
 */
export function OutboxProvider({ accountId, children }: { accountId: string; children: ReactNode }) {
  const socket = useSyncSocket();
  const hello = useHelloCheck();
  const [outbox, setOutbox] = useState<Outbox | null>(null);
  const [durable, setDurable] = useState(true);
  const storeRef = useRef<OutboxStore | null>(null);
  const client = useQueryClient();

  // Finds out at once, not at the first change: the person is told before working offline.
  useEffect(() => {
    let mounted = true;
    void (storeRef.current ??= defaultOutboxStore()).durability().then((d) => mounted && setDurable(d));
    return () => {
      mounted = false;
    };
  }, []);

  useEffect(() => {
    if (!socket || !hello) return;
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`portline-outbox:${accountId}`);
    const { outbox: box, unlink } = linkOutbox({
      socket,
      hello,
      accountId,
      store: (storeRef.current ??= defaultOutboxStore()),
      withLock: lockFor(accountId),
      announce: (applied) => channel?.postMessage(outboxMessage(applied)),
      principal: () => {
        const me = client.getQueryData<AccountView | null>(queryKeys.me());
        return me && me.id === accountId ? { role: me.role, agency: me.agency } : null;
      },
      // Rejects at once when it cannot be read (the outbox looks again a few seconds later); a 401
      // leaves no account (null): nothing is sent, and the page goes to sign in.
      refreshPrincipal: async () => void (await client.fetchQuery({ queryKey: queryKeys.me(), queryFn: getMe, staleTime: 0, retry: false })),
    });
    if (channel)
      channel.onmessage = (event: MessageEvent<unknown>) => {
        const applied = readOutboxMessage(event.data);
        if (applied) box.remoteChanged(applied);
      };
    setOutbox(box);
    return () => {
      channel?.close();
      unlink();
    };
  }, [socket, hello, accountId, client]);

  return (
    <OutboxDurableContext.Provider value={durable}>
      <OutboxContext.Provider value={outbox}>{children}</OutboxContext.Provider>
    </OutboxDurableContext.Provider>
  );
}

/** The account's outbox, or null (no account, or not yet created). */
export function useOutbox(): Outbox | null {
  return useContext(OutboxContext);
}

/**
 * False once the outbox keeps changes in this page only (IndexedDB could not be opened, or a write
 * to it failed later: a full disk, Outbox.durable): a reload or a closed tab then loses what has
 * not been sent. True outside an OutboxProvider.
 */
export function useOutboxDurable(): boolean {
  const outbox = useOutbox();
  const writes = useSyncExternalStore(
    (fn) => outbox?.subscribe(fn) ?? (() => undefined),
    () => outbox?.durable ?? true,
    () => true,
  );
  return useContext(OutboxDurableContext) && writes;
}

const NONE: readonly OutboxEntry[] = [];

/** The outbox entries, live; of one incident when given. */
export function useOutboxEntries(incidentId?: string, opts: { withApplied?: boolean } = {}): readonly OutboxEntry[] {
  const outbox = useOutbox();
  const withApplied = opts.withApplied === true;
  const all = useSyncExternalStore(
    (fn) => outbox?.subscribe(fn) ?? (() => undefined),
    // `withApplied`: also those applied a short while ago (a board still catching up shows them: onBoard).
    () => (withApplied ? outbox?.withApplied : outbox?.entries) ?? NONE,
    () => NONE,
  );
  return useMemo(() => (incidentId ? all.filter((e) => e.incidentId === incidentId) : all), [all, incidentId]);
}

/**
 * How many commands wait to be sent, told apart by incident on the page of incident `here`
 * (`pendingCounts`), and how many wait for the person's decision, with the incident of the oldest
 * of those (null when none: where the header's count leads, its board shows them); since when
 * this tab has waited for the answer to what it is sending (`unansweredSince`).
 */
export function useOutboxCounts(here: string | null = null): PendingCounts & { refused: number; refusedIn: string | null; unansweredSince: number | null } {
  const all = useOutboxEntries();
  return useMemo(() => {
    const decide = refused(all);
    return { ...pendingCounts(all, here), refused: decide.length, refusedIn: decide[0]?.incidentId ?? null, unansweredSince: unansweredSince(all) };
  }, [all, here]);
}
