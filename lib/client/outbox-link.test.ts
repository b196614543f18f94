import { describe, expect, it, vi } from 'vitest';
import { linkOutbox } from './outbox-link';
import { heldMadeAs, type MadeAs } from './outbox-queue';
import { memoryOutboxStore } from './outbox-store';
import type { HelloCheck, PortlineSocket } from './socket';

const CUSTOMS: MadeAs = { role: 'liaison', agency: 'customs' };
const PORT: MadeAs = { role: 'liaison', agency: 'port' };

/** A hello check whose connections the test makes (`reconnect`), and a socket whose acks it answers. */
function fakes(answer: () => Promise<unknown>) {
  let ready = true;
  const listeners = new Set<() => void>();
  const waiting = new Set<() => void>();
  const hello: HelloCheck = {
    ready: () => ready,
    whenReady: (ms) =>
      ready
        ? Promise.resolve(true)
        : new Promise((resolve) => {
            const done = () => (waiting.delete(done), resolve(true));
            waiting.add(done);
            setTimeout(() => (waiting.delete(done), resolve(false)), ms);
          }),
    onReady: (fn) => (listeners.add(fn), () => void listeners.delete(fn)),
    stop: () => {},
  };
  const emitted: unknown[] = [];
  const socket = {
    on: () => socket,
    off: () => socket,
    timeout: () => ({ emitWithAck: (_event: string, payload: unknown) => (emitted.push(payload), answer()) }),
  } as unknown as PortlineSocket;
  return {
    hello,
    socket,
    emitted,
    drop: () => void (ready = false),
    reconnect: () => {
      ready = true;
      for (const fn of [...listeners]) fn();
      for (const fn of [...waiting]) fn();
    },
  };
}

describe('linkOutbox', () => {
  it('SYNC11: a send under way does not go on over a new connection: the person is read again first, and a change made as Customs is held once they are Port', async () => {
    let lost!: (e: Error) => void;
    // The first ack never comes: the connection drops with the command on the wire.
    const f = fakes(() => new Promise((_, reject) => (lost = reject)));
    let who = CUSTOMS;
    const refreshPrincipal = vi.fn(async () => {});
    const { outbox, unlink } = linkOutbox({
      socket: f.socket,
      hello: f.hello,
      accountId: 'acc-1',
      store: memoryOutboxStore(),
      sendDeadlineMs: 5_000,
      principal: () => who,
      refreshPrincipal,
    });
    try {
      await outbox.ready;
      const submitted = outbox.submit('inc-1', { type: 'PostMessage', messageId: 'm-1', text: 'Container 7 cleared' });
      await vi.waitFor(() => expect(f.emitted).toHaveLength(1));
      f.drop();
      lost(new Error('operation has timed out'));
      // Meanwhile an admin moved the person to Port, and the browser's session is the new one.
      who = PORT;
      await new Promise((r) => setTimeout(r, 20));
      f.reconnect();
      await vi.waitFor(() => expect(heldMadeAs(outbox.entries[0])).toEqual(CUSTOMS));
      expect(f.emitted).toHaveLength(1); // not sent again on the new connection
      expect(refreshPrincipal).toHaveBeenCalledTimes(2); // before the first send, and on the new connection
      expect(await submitted).toMatchObject({ ok: true, queued: true });
    } finally {
      unlink();
    }
  });
});
