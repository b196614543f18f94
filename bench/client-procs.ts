import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ClientsSpec } from './clients';
import type { Summary } from './stats';

/** The bench's side of bench/clients.ts: a child process holding many client sockets. */

export interface SendReport {
  sent: number;
  sendS: number;
  codes: Record<string, number>;
  ackMs: Summary;
  disconnects: number;
  /** socket.io's reason for each, counted (they add up to `disconnects`). */
  disconnectReasons: Record<string, number>;
  eventMessages: number;
}

export interface ClientProc {
  pid: number;
  connectS: number;
  /** Sends at `rate` for `seconds` and resolves once every ack has settled. */
  send(rate: number, seconds: number): Promise<SendReport>;
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export async function startClients(spec: ClientsSpec): Promise<ClientProc> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'clients.ts')], {
    env: { ...process.env, BENCH_CLIENTS: JSON.stringify(spec) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  const waiting: Array<{ resolve(o: Record<string, unknown>): void; reject(e: Error): void }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not ours
    }
    const w = waiting.shift();
    if (!w) return;
    if (typeof o.error === 'string') w.reject(new Error(`bench clients: ${o.error}`));
    else w.resolve(o);
  });
  void exited.then(() => {
    for (const w of waiting.splice(0)) w.reject(new Error(`bench clients process exited (code ${child.exitCode})`));
  });
  const next = () => new Promise<Record<string, unknown>>((resolve, reject) => waiting.push({ resolve, reject }));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.write('close\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    const ready = await next();
    return {
      pid: child.pid as number,
      connectS: Number(ready.connectS),
      async send(rate, seconds) {
        const result = next();
        child.stdin?.write(`send ${rate} ${seconds}\n`);
        return (await result) as unknown as SendReport;
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
