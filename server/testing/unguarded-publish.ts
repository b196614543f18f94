import { createClient } from 'redis';
import { createLogger } from '../log';
import { createMetrics } from '../metrics';
import { installProcessGuards } from '../process-guard';

/**
 * Child process for the guard test (SPEC OPS2): does what @socket.io/redis-adapter 8.3
 * does, a publish nobody awaits or catches, then starves the event loop for longer than
 * the command timeout. node-redis writes queued commands in a setImmediate, and its
 * timeout covers only the time before the write, so the timer fires first and the publish
 * rejects with a TimeoutError: the crash seen under overload. Prints one JSON line if the
 * process is still alive a moment later.
 * Usage: node --import tsx server/testing/unguarded-publish.ts <redisUrl> guarded|bare
 */
async function main(): Promise<void> {
  const [url, mode] = process.argv.slice(2);
  if (!url || (mode !== 'guarded' && mode !== 'bare')) throw new Error('usage: unguarded-publish.ts <redisUrl> guarded|bare');
  const metrics = createMetrics('child', { defaultMetrics: false });
  if (mode === 'guarded') installProcessGuards({ log: createLogger('warn', 'child'), metrics });

  const client = createClient({ url, commandOptions: { timeout: 100 } });
  client.on('error', () => undefined);
  await client.connect();

  await new Promise<void>((resolve) =>
    setImmediate(() => {
      void client.publish('portline-test', 'hello'); // nobody catches this
      const until = Date.now() + 300; // a starved event loop: 300 ms of work, timeout 100 ms
      while (Date.now() < until);
      resolve();
    }),
  );
  await new Promise((r) => setTimeout(r, 300));
  const text = await metrics.registry.getSingleMetricAsString('portline_unhandled_errors_total');
  const transient = /portline_unhandled_errors_total\{event="rejection",transient="true",server="child"\} (\d+)/.exec(text);
  process.stdout.write(`${JSON.stringify({ alive: true, transientRejections: Number(transient?.[1] ?? 0) })}\n`);
  client.destroy();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
