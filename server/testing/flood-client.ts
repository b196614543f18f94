/**
 * A flooding client in its own process, so that the test measuring everyone
 * else's ack times is not slowed by the flood's own client-side work.
 *
 *   node --import tsx server/testing/flood-client.ts <url> <token> <incidentId>
 *
 * Once connected it prints `flooding <epoch ms>` and keeps `WINDOW` commands in flight
 * until a line arrives on stdin (or `MAX_MS` passed), then waits for their acks and
 * prints one line:
 * {"startedAt":…,"stoppedAt":…,"maxGapMs":…,"ms":…,"sent":…,"accepted":…,"limited":…,"retryAfterMs":[min,max],"other":{code:n}}
 * (stoppedAt: when it read the stop line; maxGapMs: the longest time between two of its
 * sends, so the flood went on without a pause longer than that from startedAt to stoppedAt).
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
let stoppedAt = 0;
process.stdin.on('data', () => {
  stop = true;
  stoppedAt = Date.now();
});
socket.once('connect', async () => {
  const startedAt = Date.now();
  console.log(`flooding ${startedAt}`);
  // Running figures, not a list: a fast machine's flood gets hundreds of thousands of refusals,
  // and Math.min(...list) of that many overflowed the stack.
  let limited = 0;
  let retryMin = Infinity;
  let retryMax = -Infinity;
  const other: Record<string, number> = {};
  let accepted = 0;
  let sent = 0;
  let lastSend = startedAt;
  let maxGapMs = 0;
  const lane = async () => {
    while (!stop && Date.now() - startedAt < MAX_MS) {
      const i = sent++;
      const now = Date.now();
      maxGapMs = Math.max(maxGapMs, now - lastSend);
      lastSend = now;
      const a = await socket.timeout(60_000).emitWithAck('command:submit', {
        commandId: randomUUID(),
        incidentId,
        command: { type: 'PostMessage', messageId: randomUUID(), text: `flood ${i}` },
      });
      if (a.ok) accepted++;
      // The commands' bucket (SPEC AUTH10 `details.limit`); any other refusal is counted under `other`.
      else if (a.error.code === 'RATE_LIMITED' && a.error.details?.limit === 'commands') {
        const ms = Number(a.error.details?.retryAfterMs);
        limited++;
        retryMin = Math.min(retryMin, ms);
        retryMax = Math.max(retryMax, ms);
      }
      else {
        const key = a.error.code === 'RATE_LIMITED' ? `RATE_LIMITED ${String(a.error.details?.limit)}` : a.error.code;
        other[key] = (other[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, lane));
  console.log(
    JSON.stringify({ startedAt, stoppedAt: stoppedAt || lastSend, maxGapMs, ms: Date.now() - startedAt, sent, accepted, limited, retryAfterMs: [retryMin, retryMax], other }),
  );
  socket.close();
  process.exit(0);
});
