/**
 * Many clients in a child process of the bench, so that their own work does not
 * load the bench's process (memory per idle client, overload).
 *
 *   node --import tsx bench/clients.ts   (the spec as JSON in BENCH_CLIENTS)
 *
 * Connects `count` sockets (`batch` at a time) to `url` with `token`, sends each
 * the join message, then prints {"ready":…} and obeys lines on stdin:
 *   send RATE SECONDS   commands at RATE/s for SECONDS, round-robin over the sockets, to `incidentId`;
 *                       prints {"sent":…,"codes":{…},"ackMs":{…}} once every ack has settled
 *   close               closes every socket and exits
 * Every reply is one JSON line on stdout.
 */
import { createInterface } from 'node:readline';
import { newId } from '../lib/client/new-id';
import { createSocket } from '../lib/client/socket';
import type { LooseSocket } from './load';
import { commandFor } from './payloads';
import { Samples, summarize } from './stats';

export interface ClientsSpec {
  url: string;
  token?: string;
  join: [string, unknown];
  count: number;
  batch: number;
  incidentId?: string;
  /** Longest wait for an ack before counting it as TIMEOUT (the client-side error code). */
  ackTimeoutMs?: number;
}

const spec = JSON.parse(process.env.BENCH_CLIENTS ?? '{}') as ClientsSpec;
const sockets: LooseSocket[] = [];
/** Why the clients' sockets were dropped: socket.io's reason, counted. */
const disconnectReasons: Record<string, number> = {};
let eventMessages = 0;
const say = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function connectAll(): Promise<void> {
  const t0 = performance.now();
  for (let start = 0; start < spec.count; start += spec.batch) {
    const batch: Promise<void>[] = [];
    for (let i = start; i < Math.min(spec.count, start + spec.batch); i++) {
      const socket = createSocket({ url: spec.url, token: spec.token, websocketOnly: true }) as unknown as LooseSocket;
      sockets.push(socket);
      socket.on('incident:events', (() => eventMessages++) as never);
      batch.push(
        new Promise<void>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error(`client ${i} did not connect in 30 s`)), 30_000);
          socket.once('connect', (() => {
            clearTimeout(t);
            socket.on('disconnect', ((reason: string) => void (disconnectReasons[reason] = (disconnectReasons[reason] ?? 0) + 1)) as never);
            socket
              .timeout(30_000)
              .emitWithAck(spec.join[0], spec.join[1])
              .then((r) => ((r as { ok: boolean }).ok ? resolve() : reject(new Error(`join refused: ${JSON.stringify(r)}`))), reject);
          }) as never);
          socket.once('connect_error', ((err: Error) => {
            clearTimeout(t);
            reject(new Error(`client ${i} refused: ${err.message}`));
          }) as never);
        }),
      );
    }
    await Promise.all(batch);
  }
  say({ ready: sockets.length, connectS: (performance.now() - t0) / 1000 });
}

async function send(rate: number, seconds: number): Promise<void> {
  const codes: Record<string, number> = {};
  const acks = new Samples(rate * seconds);
  const pending: Promise<void>[] = [];
  const count = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const t0 = performance.now();
  for (let k = 0; k < count; k++) {
    const wait = t0 + k * interval - performance.now();
    if (wait > 0.5) await sleep(wait);
    const socket = sockets[k % sockets.length];
    const t = performance.now();
    pending.push(
      socket
        .timeout(spec.ackTimeoutMs ?? 10_000)
        .emitWithAck('command:submit', { commandId: newId(), incidentId: spec.incidentId, command: commandFor(k).command })
        .then(
          (a) => {
            const ack = a as { ok: boolean; error?: { code: string } };
            const code = ack.ok ? 'ok' : (ack.error?.code ?? 'unknown');
            codes[code] = (codes[code] ?? 0) + 1;
            if (ack.ok) acks.push(performance.now() - t);
          },
          () => {
            codes.TIMEOUT = (codes.TIMEOUT ?? 0) + 1;
          },
        ),
    );
  }
  const sendS = (performance.now() - t0) / 1000;
  await Promise.all(pending);
  const disconnects = Object.values(disconnectReasons).reduce((a, b) => a + b, 0);
  say({ sent: count, sendS, codes, ackMs: summarize(acks), disconnects, disconnectReasons, eventMessages });
}

function closeAll(): never {
  for (const s of sockets) s.close();
  process.exit(0);
}

process.on('SIGTERM', closeAll);
createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, a, b] = line.trim().split(/\s+/);
  if (cmd === 'send') void send(Number(a), Number(b));
  else if (cmd === 'close') closeAll();
});
process.stdin.on('end', closeAll);
connectAll().catch((err: unknown) => {
  say({ error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
