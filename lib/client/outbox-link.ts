import { z } from 'zod';
import { Outbox, type AppliedNote, type OutboxDeps } from './outbox';
import type { OutboxStore } from './outbox-store';
import { sendCommand } from './send-command';
import type { HelloCheck, PortlineSocket } from './socket';

export interface OutboxLinkOptions {
  socket: PortlineSocket;
  /** The page's check of each connection's `server:hello` (checkHello, expecting `accountId`). */
  hello: HelloCheck;
  accountId: string;
  store: OutboxStore;
  /** The account's drain lock (Web Locks); see OutboxDeps.withLock. */
  withLock?: (fn: () => Promise<void>) => Promise<boolean>;
  /** Tells the account's other tabs that the outbox changed (`outboxMessage`); see OutboxDeps.announce. */
  announce?: OutboxDeps['announce'];
  /** Who the person is now, and how to read it again; see OutboxDeps.principal and refreshPrincipal. */
  principal?: OutboxDeps['principal'];
  refreshPrincipal?: OutboxDeps['refreshPrincipal'];
  /** Per entry: give up a send (waiting for a connection included) after this long. @default 20000 */
  sendDeadlineMs?: number;
}

/**
 * What a tab posts on the account's BroadcastChannel when its outbox changed: `'changed'`, or
 * `{ applied: [{ commandId, appliedSeq }] }` when it applied entries (a tab of an older version
 * reads either as "changed").
 */
export function outboxMessage(applied?: readonly AppliedNote[]): 'changed' | { applied: AppliedNote[] } {
  return applied && applied.length > 0 ? { applied: applied.map(({ commandId, appliedSeq }) => ({ commandId, appliedSeq })) } : 'changed';
}

/**
 * A message on the account's BroadcastChannel, read (it comes from another page, maybe of another
 * version): the entries another tab applied ([] for a plain `'changed'`), or null for one of no
 * shape known here (ignored). Applied notes of another shape are left out.
 */
export function readOutboxMessage(data: unknown): AppliedNote[] | null {
  if (data === 'changed') return [];
  const message = OutboxMessage.safeParse(data);
  if (!message.success) return null;
  return message.data.applied.flatMap((a) => {
    const note = AppliedNoteSchema.safeParse(a);
    return note.success ? [note.data] : [];
  });
}

const AppliedNoteSchema = z.object({ commandId: z.string().min(1).max(100), appliedSeq: z.number().int().nonnegative() });
const OutboxMessage = z.object({ applied: z.array(z.unknown()).max(1000) });

/**
 * One account's outbox (lib/client/outbox.ts) on a page's socket: what OutboxProvider runs.
 * It sends only on a connection whose `server:hello` named this account (SPEC SYNC11), not as
 * soon as the socket connects: a browser's socket is whoever's session cookie the browser holds
 * at that reconnect, and an entry sent on someone else's connection would be applied, and logged,
 * as theirs. A send under way waits for such a connection too (a reconnect in the middle of
 * one). On another account's hello the page ends the socket (SyncProvider) and nothing here is
 * sent; the entries stay in the store, under this account.
 */
export function linkOutbox(o: OutboxLinkOptions): { outbox: Outbox; unlink: () => void } {
  const { socket, hello } = o;
  // Connections this account's hello has named. A send stays on the one it began on: one that
  // would go on over a new connection ends as TIMEOUT (kept, same id), and the outbox's next pump
  // reads who the person is first (refreshPrincipal, SPEC SYNC11): an admin may have changed their
  // role while the socket was away, and the new connection is on whichever session signed in since.
  let connection = 0;
  const stopCount = hello.onReady(() => connection++);
  const outbox = new Outbox({
    accountId: o.accountId,
    store: o.store,
    isOnline: hello.ready,
    send: (e, signal) => {
      const on = connection;
      const sameConnection = async (ms: number) => (await hello.whenReady(ms)) && connection === on;
      return sendCommand(socket, e.incidentId, e.command, { commandId: e.commandId, deadlineMs: o.sendDeadlineMs ?? 20_000, whenReady: sameConnection, signal });
    },
    withLock: o.withLock,
    announce: o.announce,
    principal: o.principal,
    refreshPrincipal: o.refreshPrincipal,
  });
  const stopReady = hello.onReady(() => outbox.connectionChanged(true));
  const offline = () => outbox.connectionChanged(false);
  socket.on('disconnect', offline);
  return {
    outbox,
    unlink: () => {
      stopCount();
      stopReady();
      socket.off('disconnect', offline);
      outbox.dispose();
    },
  };
}
