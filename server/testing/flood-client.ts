/**
 * A flooding client in its own process, so that the test measuring everyone
 * else's ack times is not slowed by the flood's own client-side work.
 *
 *   node --import tsx server/testing/flood-client.ts <url> <token> <incidentId>
 *
 * Once connected it prints `flooding <epoch ms>` and keeps `WINDOW` commands in flight
 * until a line arrives on stdin (or `MAX_MS` passed), then waits for their acks and
 * prints one line:
 * {"startedAt":…,"endedAt":…,"ms":…,"sent":…,"accepted":…,"limited":…,"retryAfterMs":[min,max],"other":{code:n}}
 * (endedAt: when it sent its last command).
 */
import { randomUUID } from 'node:crypto';
import { createSocket } from '../../lib/client/socket';

const WINDOW = 100;
const MAX_MS = 30_000;

const [url, token, incidentId] = process.argv.slice(2);
const socket = createSocket({ url, token, websocketOnly: true });
socket.once('connect_error', (err) => {
  console.error(`connect_error ${err.message}`);
  process.exit(1);
});
let stop = false;
process.stdin.on('data', () => (stop = true));
socket.once('connect', async () => {
  const startedAt = Date.now();
  console.log(`flooding ${startedAt}`);
  const retry: number[] = [];
  const other: Record<string, number> = {};
  let accepted = 0;
  let sent = 0;
  let endedAt = startedAt;
  const lane = async () => {
    while (!stop && Date.now() - startedAt < MAX_MS) {
      const i = sent++;
      endedAt = Date.now();
      const a = await socket.timeout(60_000).emitWithAck('command:submit', {
        commandId: randomUUID(),
        incidentId,
        command: { type: 'PostMessage', messageId: randomUUID(), text: `flood ${i}` },
      });
      if (a.ok) accepted++;
      else if (a.error.code === 'RATE_LIMITED') retry.push(Number(a.error.details?.retryAfterMs));
      else other[a.error.code] = (other[a.error.code] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, lane));
  console.log(
    JSON.stringify({ startedAt, endedAt, ms: Date.now() - startedAt, sent, accepted, limited: retry.length, retryAfterMs: [Math.min(...retry), Math.max(...retry)], other }),
  );
  socket.close();
  process.exit(0);
});
