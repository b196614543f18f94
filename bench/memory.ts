import { startClients, type ClientProc } from './client-procs';
import type { Target } from './load';
import { fullGcIn } from './gc';
import { rssMb } from './proc-stats';
import { median } from './stats';

/**
 * Server memory per idle client: RSS and heap of both server processes before
 * and after `clients` authenticated sockets connect through nginx and join an
 * incident, the sockets held by child processes (bench/clients.ts) so that the
 * bench's own process stays out of it. Each figure is the median of 3 samples,
 * each taken a second after a full GC in both processes (SIGUSR2,
 * bench/gc-hook.cjs), once the clients have been idle for a few seconds.
 * A first round of as many clients connects and leaves before "before" is
 * sampled, so that what a server allocates once (code paths run the first
 * time, the incident loaded, and V8's young generation, which grows with the
 * rate of allocation to up to 2 × 16 MiB and stays so) is not charged to the
 * clients. With a smaller first round (200 clients), Portline's young
 * generation grew from 8 to 32 MiB per process during the measured round:
 * 24.6 of the 45.9 KiB per client measured then (docs/performance.md).
 */

export interface ProcMemory {
  label: string;
  rssMb: number;
  heapMb: number;
  /** V8 "external": Buffers and other memory outside the heap that JS objects hold. */
  externalMb: number;
  clients: number;
}

export interface MemoryResult {
  system: 'portline' | 'floor';
  clients: number;
  connectS: number;
  before: ProcMemory[];
  after: ProcMemory[];
  /** (Σ after − Σ before) / clients, KiB. */
  rssPerClientKiB: number;
  heapPerClientKiB: number;
}

export interface MemorySubject {
  system: 'portline' | 'floor';
  pids: readonly [number, number];
  stats(k: 0 | 1): Promise<{ heapMb: number; externalMb: number; clients: number }>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function sample(subject: MemorySubject): Promise<ProcMemory[]> {
  const rows: Array<{ rss: number[]; heap: number[]; external: number[]; clients: number }> = [0, 1].map(() => ({ rss: [], heap: [], external: [], clients: 0 }));
  for (let n = 0; n < 3; n++) {
    await fullGcIn(subject.pids);
    for (const k of [0, 1] as const) {
      const s = await subject.stats(k);
      rows[k].rss.push(rssMb(subject.pids[k]) ?? NaN);
      rows[k].heap.push(s.heapMb);
      rows[k].external.push(s.externalMb);
      rows[k].clients = s.clients;
    }
  }
  return rows.map((r, k) => ({ label: 'AB'[k], rssMb: median(r.rss), heapMb: median(r.heap), externalMb: median(r.external), clients: r.clients }));
}

export async function measureIdleMemory(
  subject: MemorySubject,
  target: Target,
  opts: { clients: number; processes: number; settleS: number; log: (line: string) => void },
): Promise<MemoryResult> {
  const spec = (count: number) => ({ url: target.readerUrl(0), token: target.token, join: target.joinMessage, count, batch: 50 });
  const per = Math.ceil(opts.clients / opts.processes);
  const connectAll = () =>
    Promise.all(Array.from({ length: opts.processes }, (_, i) => startClients(spec(Math.min(per, opts.clients - i * per)))));
  await Promise.all((await connectAll()).map((p) => p.close()));
  await sleep(opts.settleS * 1000);
  const before = await sample(subject);
  const procs: ClientProc[] = [];
  try {
    const t0 = performance.now();
    procs.push(...(await connectAll()));
    const connectS = (performance.now() - t0) / 1000;
    opts.log(`  ${subject.system}: ${opts.clients} idle clients connected and joined in ${connectS.toFixed(1)} s`);
    await sleep(opts.settleS * 1000);
    const after = await sample(subject);
    const sum = (rows: ProcMemory[], key: 'rssMb' | 'heapMb') => rows.reduce((s, r) => s + r[key], 0);
    return {
      system: subject.system,
      clients: opts.clients,
      connectS,
      before,
      after,
      rssPerClientKiB: ((sum(after, 'rssMb') - sum(before, 'rssMb')) * 1024) / opts.clients,
      heapPerClientKiB: ((sum(after, 'heapMb') - sum(before, 'heapMb')) * 1024) / opts.clients,
    };
  } finally {
    await Promise.all(procs.map((p) => p.close()));
  }
}
