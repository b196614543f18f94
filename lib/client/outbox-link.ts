import { Outbox, type OutboxDeps } from './outbox';
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
  /** Tells the account's other tabs that the outbox changed. */
  announce?: () => void;
  /** Who the person is now, and how to read it again; see OutboxDeps.principal and refreshPrincipal. */
  principal?: OutboxDeps['principal'];
  refreshPrincipal?: OutboxDeps['refreshPrincipal'];
  /** Per entry: give up a send (waiting for a connection included) after this long. @default 20000 */
  sendDeadlineMs?: number;
}

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
  const outbox = new Outbox({
    accountId: o.accountId,
    store: o.store,
    isOnline: hello.ready,
    send: (e) =>
      sendCommand(socket, e.incidentId, e.command, { commandId: e.commandId, deadlineMs: o.sendDeadlineMs ?? 20_000, whenReady: hello.whenReady }),
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
      stopReady();
      socket.off('disconnect', offline);
      outbox.dispose();
    },
  };
}
