import { createSocket } from '../lib/client/socket';
import { ProcSampler, type MachineUsage, type ProcUsage } from './proc-stats';
import { RedisTally, type RedisWatch, type RedisWindow } from './redis-watch';
import { Samples, summarize, type Summary } from './stats';

/**
 * The load process: N reader sockets per system and one writer per system, all
 * in this one process, so the send time of a command and the arrival time of its
 * event at every reader come from the same clock (performance.now()).
 *
 * The machine is shared (2 cores, and other work may run beside the bench), so
 * the systems compared are measured in alternating blocks — floor, Portline,
 * Portline, floor, … — with both sets of readers connected throughout: a burst
 * of outside load then lands on both, not on whichever ran second.
 */

/** The event names differ between the two systems, so the sockets are loosely typed here. */
export interface LooseSocket {
  connected: boolean;
  on(event: string, fn: (...args: never[]) => void): unknown;
  once(event: string, fn: (...args: never[]) => void): unknown;
  onAny(fn: (event: string, ...args: unknown[]) => void): unknown;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  close(): unknown;
}

export interface SendAck {
  ok: boolean;
  /** The sequence numbers this send produced (what every reader must receive). */
  seqs: number[];
  error?: string;
}

export interface Target {
  system: 'portline' | 'floor';
  /** URL reader i connects to (the system's nginx). */
  readerUrl(i: number): string;
  /** Join reader `socket` to the incident / room; rejects on a refused join. */
  join(socket: LooseSocket): Promise<void>;
  /** The join as a message (event, argument; acked with { ok }), for clients in child processes (bench/clients.ts). */
  joinMessage: [string, unknown];
  /** Portline: the incident the readers joined (the overload's clients send commands to it). */
  incidentId?: string;
  /** Bearer token for the readers (Portline). */
  token?: string;
  /** Sends message number i; `key` identifies it in the events the readers receive. */
  send(i: number): { key: string; ack: Promise<SendAck> };
  /** The event the readers listen to, and how to read (seq, key) pairs out of one message. */
  eventName: string;
  unpack(msg: unknown, each: (seq: number, key: string) => void): void;
  /** Processes to sample (servers A and B, redis, this process). */
  procs: ReadonlyArray<{ label: string; pid: number }>;
}

export interface LoadOptions {
  clients: number;
  rate: number;
  warmupS: number;
  /** Measured seconds per system, split into blocks of blockS. */
  durationS: number;
  blockS: number;
  /** How long to wait after a block's last ack for deliveries still under way. */
  graceS: number;
  /** Connections opened at once. */
  batch: number;
  log: (line: string) => void;
  /** Watches the shared redis-server during the measured blocks. */
  redis?: RedisWatch;
  /** Called after each measured block of a system (the soak samples server memory here). */
  afterBlock?: (system: Target['system'], block: number, latency: Summary) => Promise<void>;
}

export interface LoadResult {
  system: Target['system'];
  clients: number;
  rate: number;
  durationS: number;
  blocks: number;
  /** Commands sent in the measured blocks, and the rate achieved while sending. */
  sent: number;
  achievedRate: number;
  acksOk: number;
  acksFailed: number;
  ackErrors: string[];
  /** Ack round trip (send → ack), ms. */
  ack: Summary;
  deliveriesExpected: number;
  deliveriesReceived: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  /** Events whose key the load process had never sent (should be 0). */
  unknown: number;
  /** Reader disconnects during the run (each would show up as lost events). */
  disconnects: number;
  /** Send → arrival at each reader, ms, one sample per (reader, measured event). */
  latency: Summary;
  /** p99 of each measured block, in order. */
  blockP99: number[];
  /** Event-loop delay of the load process in the measured blocks, ms. */
  loadLoopP99: number;
  loadLoopMax: number;
  /** Size of one broadcast message as JSON (the same payload for both systems). */
  messageBytes: number;
  /** Messages each reader received per second in the measured blocks, by event name (all of them, not only events). */
  messagesPerReaderPerS: Record<string, number>;
  procs: ProcUsage[];
  /** Whole-machine CPU in the measured blocks: shows other work competing with the bench. */
  machine: MachineUsage;
  redis: RedisWindow | null;
  connectS: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Per-reader receive bookkeeping in flat typed arrays: cheap in the hot handler. */
class Recorder {
  readonly counts: Uint8Array;
  readonly lastSeq: Int32Array;
  readonly latencies: Samples;
  /** The same samples split by measured block (for paired, per-round comparisons). */
  readonly byBlock: Samples[] = [];
  /** key → send time (ms, performance.now()) and block, for measured sends only. */
  readonly measured = new Map<string, { t: number; block: number }>();
  /** Every key sent, measured or not. */
  readonly known = new Set<string>();
  duplicated = 0;
  outOfOrder = 0;
  unknown = 0;
  overflow = 0;
  firstMessageBytes = 0;

  constructor(
    private readonly clients: number,
    private readonly seqCapacity: number,
    expectedSamples: number,
  ) {
    this.counts = new Uint8Array(clients * seqCapacity);
    this.lastSeq = new Int32Array(clients);
    this.latencies = new Samples(expectedSamples);
  }

  receive(client: number, seq: number, key: string, now: number): void {
    if (seq >= this.seqCapacity) {
      this.overflow++;
      return;
    }
    const at = client * this.seqCapacity + seq;
    const c = this.counts[at];
    if (c < 255) this.counts[at] = c + 1;
    if (c > 0) {
      this.duplicated++;
      return;
    }
    if (seq <= this.lastSeq[client]) this.outOfOrder++;
    else this.lastSeq[client] = seq;
    const sent = this.measured.get(key);
    if (sent !== undefined) {
      this.latencies.push(now - sent.t);
      this.byBlock[sent.block].push(now - sent.t);
    } else if (!this.known.has(key)) this.unknown++;
  }

  received(seqs: readonly number[]): number {
    let n = 0;
    for (let c = 0; c < this.clients; c++) {
      const base = c * this.seqCapacity;
      for (const s of seqs) if (s < this.seqCapacity && this.counts[base + s] > 0) n++;
    }
    return n;
  }
}

/** Calls fn(i) at `rate` per second for `ms`, on an absolute schedule (a late tick does not shift the next). */
async function paced(rate: number, ms: number, firstIndex: number, fn: (i: number) => void): Promise<number> {
  const interval = 1000 / rate;
  const t0 = performance.now();
  const count = Math.round((ms / 1000) * rate);
  for (let k = 0; k < count; k++) {
    const wait = t0 + k * interval - performance.now();
    if (wait > 0.5) await sleep(wait);
    fn(firstIndex + k);
  }
  // The block lasts its full length even though the last send is at (count - 1) · interval.
  const rest = t0 + ms - performance.now();
  if (rest > 0) await sleep(rest);
  return count;
}

/**
 * Event-loop lag of this process: how late a 10 ms timer fires. (perf_hooks'
 * monitorEventLoopDelay counts the whole paused interval as one delay when it is
 * disabled and enabled again between blocks.)
 */
class LoopLag {
  readonly samples = new Samples(4096);
  private timer: NodeJS.Timeout | null = null;

  start(): void {
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.samples.push(Math.max(0, now - last - 10));
      last = now;
    }, 10);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** One system under load: its readers, its bookkeeping, its measured blocks. */
class Run {
  readonly rec: Recorder;
  readonly sampler: ProcSampler;
  readonly loop = new LoopLag();
  readonly redis = new RedisTally();
  readonly ackTimes: Samples;
  readonly expectedSeqs: number[] = [];
  readonly ackErrors = new Map<string, number>();
  sockets: { close(): unknown }[] = [];
  acksOk = 0;
  acksFailed = 0;
  sent = 0;
  sendSeconds = 0;
  blocks = 0;
  next = 0;
  disconnects = 0;
  connectS = 0;
  /** Messages received by all readers during measured blocks, by event name. */
  readonly messages = new Map<string, number>();
  private counting = false;

  constructor(
    readonly target: Target,
    private readonly opts: LoadOptions,
  ) {
    const measured = Math.ceil(opts.durationS / opts.blockS) * Math.round(opts.blockS * opts.rate);
    // One send = one event; Portline's incident starts with seq 1 (IncidentOpened).
    this.rec = new Recorder(opts.clients, Math.round(opts.warmupS * opts.rate) + measured + 64, opts.clients * measured);
    this.sampler = new ProcSampler(target.procs);
    this.ackTimes = new Samples(measured);
  }

  async connect(): Promise<void> {
    const { target, opts, rec } = this;
    const t0 = performance.now();
    for (let start = 0; start < opts.clients; start += opts.batch) {
      const batch: Promise<void>[] = [];
      for (let i = start; i < Math.min(opts.clients, start + opts.batch); i++) {
        const socket = createSocket({ url: target.readerUrl(i), token: target.token, websocketOnly: true }) as unknown as LooseSocket;
        this.sockets.push(socket);
        socket.onAny((event: string) => {
          if (this.counting) this.messages.set(event, (this.messages.get(event) ?? 0) + 1);
        });
        socket.on(target.eventName, ((msg: unknown) => {
          const now = performance.now();
          if (rec.firstMessageBytes === 0) rec.firstMessageBytes = Buffer.byteLength(JSON.stringify(msg));
          target.unpack(msg, (seq, key) => rec.receive(i, seq, key, now));
        }) as never);
        batch.push(
          new Promise<void>((resolve, reject) => {
            const t = setTimeout(() => reject(new Error(`${target.system} reader ${i} did not connect in 20 s`)), 20_000);
            socket.once('connect', (() => {
              clearTimeout(t);
              socket.on('disconnect', (() => this.disconnects++) as never);
              target.join(socket).then(resolve, reject);
            }) as never);
            socket.once('connect_error', ((err: Error) => {
              clearTimeout(t);
              reject(new Error(`${target.system} reader ${i} refused: ${err.message}`));
            }) as never);
          }),
        );
      }
      await Promise.all(batch);
    }
    this.connectS = (performance.now() - t0) / 1000;
    opts.log(`  ${target.system}: ${opts.clients} readers connected and joined in ${this.connectS.toFixed(1)} s`);
  }

  /** Sends for `seconds` at the rate, then waits for every ack and delivery of the block (bounded). */
  async block(seconds: number, measured: boolean): Promise<void> {
    const { target, opts, rec } = this;
    const block = rec.byBlock.length;
    if (measured) rec.byBlock.push(new Samples(opts.clients * Math.round(seconds * opts.rate)));
    const acks: Promise<void>[] = [];
    const seqs: number[] = [];
    const sendOne = (i: number) => {
      const t = performance.now();
      const { key, ack } = target.send(i);
      rec.known.add(key);
      if (measured) rec.measured.set(key, { t, block });
      const settle = (ok: boolean, s: number[], error?: string) => {
        seqs.push(...s);
        if (!measured) return;
        this.ackTimes.push(performance.now() - t);
        if (ok) {
          this.acksOk++;
          this.expectedSeqs.push(...s);
        } else {
          this.acksFailed++;
          const e = error ?? 'unknown';
          this.ackErrors.set(e, (this.ackErrors.get(e) ?? 0) + 1);
        }
      };
      acks.push(
        ack.then(
          (a) => settle(a.ok, a.ok ? a.seqs : [], a.error),
          (err: unknown) => settle(false, [], err instanceof Error ? err.message : String(err)),
        ),
      );
    };

    let redisWindow: { stop(): Promise<void> } | null = null;
    if (measured) {
      if (opts.redis) redisWindow = await opts.redis.window(this.redis);
      this.sampler.start();
      this.loop.start();
      this.counting = true;
    }
    const t0 = performance.now();
    const count = await paced(opts.rate, seconds * 1000, this.next, sendOne);
    this.next += count;
    if (measured) {
      this.sendSeconds += (performance.now() - t0) / 1000;
      this.sent += count;
      this.blocks++;
      this.loop.stop();
      this.sampler.stop();
      this.counting = false;
      await redisWindow?.stop();
    }
    await Promise.all(acks);
    // Deliveries still under way: wait until every reader has the block's events, or the grace period ends,
    // so that the next block (maybe of the other system) starts on a quiet system.
    const end = performance.now() + opts.graceS * 1000;
    while (rec.received(seqs) < opts.clients * seqs.length && performance.now() < end) await sleep(50);
  }

  result(): LoadResult {
    const { opts, rec } = this;
    const expected = opts.clients * this.expectedSeqs.length;
    const received = rec.received(this.expectedSeqs);
    if (rec.overflow > 0) opts.log(`  WARNING: ${rec.overflow} events had a seq beyond the recorder's capacity`);
    const { procs, machine } = this.sampler.result();
    const lag = summarize(this.loop.samples);
    return {
      system: this.target.system,
      clients: opts.clients,
      rate: opts.rate,
      durationS: this.blocks * opts.blockS,
      blocks: this.blocks,
      sent: this.sent,
      achievedRate: this.sent / this.sendSeconds,
      acksOk: this.acksOk,
      acksFailed: this.acksFailed,
      ackErrors: [...this.ackErrors].map(([e, n]) => `${n}× ${e}`),
      ack: summarize(this.ackTimes),
      deliveriesExpected: expected,
      deliveriesReceived: received,
      lost: expected - received,
      duplicated: rec.duplicated,
      outOfOrder: rec.outOfOrder,
      unknown: rec.unknown,
      disconnects: this.disconnects,
      latency: summarize(rec.latencies),
      blockP99: rec.byBlock.map((b) => summarize(b).p99),
      loadLoopP99: lag.p99,
      loadLoopMax: lag.max,
      messageBytes: rec.firstMessageBytes,
      messagesPerReaderPerS: Object.fromEntries(
        [...this.messages].map(([event, n]) => [event, n / opts.clients / this.sendSeconds]),
      ),
      procs,
      machine,
      redis: this.opts.redis ? this.redis.result() : null,
      connectS: this.connectS,
    };
  }
}

/**
 * Connects every target's readers, warms each up, then measures them in
 * alternating blocks (ABBA order) until each has durationS measured seconds.
 */
export async function runInterleaved(targets: Target[], opts: LoadOptions): Promise<LoadResult[]> {
  const runs = targets.map((t) => new Run(t, opts));
  try {
    for (const r of runs) await r.connect();
    await sleep(1000);
    for (const r of runs) {
      opts.log(`  ${r.target.system}: warm-up ${opts.warmupS} s at ${opts.rate}/s`);
      await r.block(opts.warmupS, false);
    }
    const rounds = Math.ceil(opts.durationS / opts.blockS);
    opts.log(`  measuring ${rounds} × ${opts.blockS} s per system at ${opts.rate}/s, alternating`);
    for (let k = 0; k < rounds; k++) {
      const order = k % 2 === 0 ? runs : [...runs].reverse();
      for (const r of order) {
        await r.block(opts.blockS, true);
        await opts.afterBlock?.(r.target.system, k, summarize(r.rec.byBlock[k]));
        await sleep(300);
      }
      if (process.env.BENCH_VERBOSE === '1')
        opts.log(`    round ${k + 1}/${rounds}: ` + runs.map((r) => `${r.target.system} ${r.rec.latencies.length} samples`).join(', '));
    }
    return runs.map((r) => r.result());
  } finally {
    for (const r of runs) for (const s of r.sockets) s.close();
    await sleep(1000);
  }
}
