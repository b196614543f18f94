import { createClient } from 'redis';
import { Samples, summarize } from './stats';

/**
 * Watches the bench's redis-server during a measured window: its own latency
 * monitor (slow fsyncs under appendfsync always, slow commands) and the round
 * trip of a PING every 100 ms from this process. Separates "Redis or the disk
 * stalled" from "a server process was slow".
 */

export interface RedisWindow {
  /** Latency-monitor events over the threshold, by event name: how many seconds had one, and the worst (ms). */
  spikes: Record<string, { seconds: number; maxMs: number }>;
  pingP99Ms: number;
  pingMaxMs: number;
  /** INFO persistence aof_delayed_fsync growth in the window. */
  delayedFsyncs: number;
}

const THRESHOLD_MS = 10;

/** What several windows (one system's measured blocks) add up to. */
export class RedisTally {
  readonly pings = new Samples(1024);
  readonly spikes: RedisWindow['spikes'] = {};
  delayedFsyncs = 0;

  result(): RedisWindow {
    const ping = summarize(this.pings);
    return { spikes: this.spikes, pingP99Ms: ping.p99, pingMaxMs: ping.max, delayedFsyncs: this.delayedFsyncs };
  }
}

export async function watchRedis(url: string) {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  await client.sendCommand(['CONFIG', 'SET', 'latency-monitor-threshold', String(THRESHOLD_MS)]);

  const delayed = async () => Number(/aof_delayed_fsync:(\d+)/.exec(String(await client.sendCommand(['INFO', 'persistence'])))?.[1] ?? 0);

  return {
    /** Starts a window; stop() adds what happened in it to `tally`. */
    async window(tally: RedisTally): Promise<{ stop(): Promise<void> }> {
      await client.sendCommand(['LATENCY', 'RESET']);
      const d0 = await delayed();
      let running = true;
      const loop = (async () => {
        while (running) {
          const t = performance.now();
          await client.ping().catch(() => undefined);
          tally.pings.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      return {
        async stop() {
          running = false;
          await loop;
          const latest = (await client.sendCommand(['LATENCY', 'LATEST'])) as Array<[string, number, number, number]>;
          for (const [event] of latest) {
            const history = (await client.sendCommand(['LATENCY', 'HISTORY', event])) as Array<[number, number]>;
            const old = tally.spikes[event] ?? { seconds: 0, maxMs: 0 };
            tally.spikes[event] = {
              seconds: old.seconds + history.length,
              maxMs: Math.max(old.maxMs, ...history.map(([, ms]) => Number(ms))),
            };
          }
          tally.delayedFsyncs += (await delayed()) - d0;
        },
      };
    },
    close: () => client.close(),
  };
}

export type RedisWatch = Awaited<ReturnType<typeof watchRedis>>;
