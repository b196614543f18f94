/**
 * A flooding client in its own process, so that the test measuring everyone
 * else's ack times is not slowed by the flood's own client-side work.
 *
 *   node --import tsx server/testing/flood-client.ts <url> <token> <incidentId> <count>
 *
 * Prints one line: {"ms":…,"accepted":…,"limited":…,"retryAfterMs":[min,max],"other":{code:n}}
 */
import { randomUUID } from 'node:crypto';
import { createSocket } from '../../lib/client/socket';

const [url, token, incidentId, countArg] = process.argv.slice(2);
const count = Number(countArg);
const socket = createSocket({ url, token, websocketOnly: true });
socket.once('connect_error', (err) => {
  console.error(`connect_error ${err.message}`);
  process.exit(1);
});
socket.once('connect', async () => {
  const t0 = Date.now();
  const acks = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      socket.timeout(60_000).emitWithAck('command:submit', {
        commandId: randomUUID(),
        incidentId,
        command: { type: 'PostMessage', messageId: randomUUID(), text: `flood ${i}` },
      }),
    ),
  );
  const retry: number[] = [];
  const other: Record<string, number> = {};
  let accepted = 0;
  for (const a of acks) {
    if (a.ok) accepted++;
    else if (a.error.code === 'RATE_LIMITED') retry.push(Number(a.error.details?.retryAfterMs));
    else other[a.error.code] = (other[a.error.code] ?? 0) + 1;
  }
  console.log(JSON.stringify({ ms: Date.now() - t0, accepted, limited: retry.length, retryAfterMs: [Math.min(...retry), Math.max(...retry)], other }));
  socket.close();
  process.exit(0);
});
