/**
 * Feeding the board from another system: sign in over HTTP, connect with
 * socket.io-client, open an incident (or join one), create two tasks, post a
 * message, then read the timeline back from seq 1 and print it.
 *
 *   PORTLINE_URL=http://localhost:3000 PORTLINE_USER=admin PORTLINE_PASSWORD=… \
 *     npx tsx docs/examples/feed-the-board.ts
 *
 * Set PORTLINE_INCIDENT=<incident uuid> to join that incident instead of opening one
 * (opening needs a commander or admin account).
 * Exits 0 when done. On any failure it prints "error: CODE message" on stderr and exits 1.
 * The last stdout line is `RESULT {json}`: what this run wrote, for tests and other scripts.
 *
 * It uses only socket.io-client and fetch, as another system would; every message is
 * described in docs/protocol.md.
 */
import { io, type Socket } from 'socket.io-client';

const PROTOCOL_VERSION = 1; // lib/protocol/version.ts; a mismatch is refused with CLIENT_TOO_OLD
const TIMEOUT_MS = 10_000;

// The wire shapes this script reads (docs/protocol.md).
interface WireError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}
type Ack<T> = ({ ok: true } & T) | { ok: false; error: WireError };
interface WireEvent {
  incidentId: string;
  seq: number;
  ts: number;
  id: string;
  type: string;
  actor: { userId: string; name: string; agency: string | null; role: string };
  commandId: string;
  payload: Record<string, unknown>;
}
interface EventsPage {
  events: WireEvent[];
  headSeq: number;
}
interface CommandResult {
  seqs: number[];
  duplicate: boolean;
}
interface Written {
  type: string;
  commandId: string;
  seqs: number[];
}

class PortlineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new PortlineError('BAD_REQUEST', `set ${name}`);
  return value;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** No ack: a timeout, unless the server closed the connection (session ended) and it will not come back. */
const noAnswer = (socket: Socket, what: string): PortlineError =>
  socket.active
    ? new PortlineError('TIMEOUT', `${what}: no ack in time`)
    : new PortlineError('UNAUTHENTICATED', `${what}: the server closed the connection`);

/** One HTTP call: JSON in, `{ ok: true, ... }` or `{ ok: false, error }` out. */
async function http<T>(base: string, method: 'GET' | 'POST', path: string, token?: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method,
      // POST must be application/json (the server's CSRF rule); the token goes in Authorization.
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new PortlineError('TIMEOUT', `${method} ${path}: no answer (${(err as Error).message})`);
  }
  const json = (await res.json().catch(() => null)) as Ack<T> | null;
  if (!json) throw new PortlineError(`HTTP_${res.status}`, `${method} ${path}: not a Portline answer`);
  if (!json.ok) throw new PortlineError(json.error.code, `${method} ${path}: ${json.error.message}`);
  return json;
}

/** Resolves once the server said hello; rejects with the server's code if it refused us. */
function connect(base: string, token: string): Promise<Socket> {
  // websocket only: no sticky sessions needed behind a load balancer.
  const socket = io(base, { path: '/socket.io', transports: ['websocket'], auth: { protocolVersion: PROTOCOL_VERSION, token } });
  return new Promise((resolve, reject) => {
    const fail = (err: PortlineError) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    };
    const timer = setTimeout(() => fail(new PortlineError('TIMEOUT', `no connection to ${base}`)), TIMEOUT_MS);
    socket.on('connect_error', (err: Error & { data?: WireError }) => {
      // Refused by the server (err.data = { code, message }): socket.io-client will not retry.
      // Anything else is a network failure, retried by socket.io-client until the timer fires.
      if (!socket.active) fail(new PortlineError(err.data?.code ?? 'INTERNAL', err.data?.message ?? err.message));
    });
    socket.once('server:hello', (hello: { protocolVersion: number; serverId: string }) => {
      clearTimeout(timer);
      console.log(`connected to server ${hello.serverId} (protocol ${hello.protocolVersion})`);
      resolve(socket);
    });
    // The server ends the socket after this (signed out, revoked, expired …); sign in again to go on.
    socket.on('session:ended', (msg: { reason: string; message: string }) =>
      console.error(`session ended (${msg.reason}): ${msg.message}`),
    );
  });
}

/**
 * Sends one command. A lost ack, a busy store or a rate limit is retried with the SAME
 * command id, so the command is applied at most once (SPEC IDEM1).
 */
async function submit(socket: Socket, incidentId: string, command: { type: string } & Record<string, unknown>): Promise<Written> {
  const commandId = crypto.randomUUID();
  for (let attempt = 1; ; attempt++) {
    let ack: Ack<CommandResult>;
    try {
      ack = await socket.timeout(TIMEOUT_MS).emitWithAck('command:submit', { commandId, incidentId, command });
    } catch {
      const err = noAnswer(socket, command.type);
      ack = { ok: false, error: { code: err.code, message: err.message } };
    }
    if (ack.ok) return { type: command.type, commandId, seqs: ack.seqs };
    const retryable = ['TIMEOUT', 'STORE_UNAVAILABLE', 'RATE_LIMITED'].includes(ack.error.code);
    if (!retryable || attempt === 3) throw new PortlineError(ack.error.code, `${command.type}: ${ack.error.message}`);
    const retryAfterMs = Number(ack.error.details?.retryAfterMs ?? 0); // RATE_LIMITED says how long
    await sleep(Math.max(retryAfterMs, 500 * attempt));
  }
}

/** How long a RATE_LIMITED answer asks to wait (`details.retryAfterMs`), within 50 ms … 5 s. */
function serverPace(error: WireError): number {
  return Math.min(5000, Math.max(50, Number(error.details?.retryAfterMs ?? 1000)));
}

async function fetchPage(socket: Socket, incidentId: string, fromSeq: number): Promise<EventsPage> {
  for (;;) {
    let ack: Ack<EventsPage>;
    try {
      ack = await socket.timeout(TIMEOUT_MS).emitWithAck('incident:fetch', { incidentId, fromSeq });
    } catch {
      throw noAnswer(socket, 'incident:fetch');
    }
    // Reading a long log meets the read limit: that is the server's pace, not a failure (SPEC SYNC6).
    if (!ack.ok && ack.error.code === 'RATE_LIMITED' && ack.error.details?.limit === 'reads') {
      await sleep(serverPace(ack.error));
      continue;
    }
    if (!ack.ok) throw new PortlineError(ack.error.code, `incident:fetch: ${ack.error.message}`);
    return ack;
  }
}

/**
 * The live timeline of one incident: joins its room, applies events strictly in
 * seq order, drops copies it already has, fetches any gap before applying more
 * (SPEC SYNC2), and joins again from its last seq after a reconnect (SPEC SYNC1).
 */
class LiveTimeline {
  readonly events: WireEvent[] = [];
  headSeq = 0;
  private readonly early = new Map<number, WireEvent>();
  private filling: Promise<void> | null = null;

  constructor(
    private readonly socket: Socket,
    readonly incidentId: string,
  ) {}

  get seq(): number {
    return this.events.length ? this.events[this.events.length - 1].seq : 0;
  }

  async start(): Promise<void> {
    this.socket.on('incident:events', (msg: { incidentId: string; events: WireEvent[] }) => {
      if (msg.incidentId === this.incidentId) this.offer(msg.events);
    });
    // 'connect' fires again after every reconnect: rooms are per connection, so join again.
    this.socket.on('connect', () => void this.join().catch((err: Error) => console.error(err.message)));
    await this.join();
  }

  /** The ack carries what came after sinceSeq (first page) and the head; live events follow. */
  private async join(): Promise<void> {
    let ack: Ack<EventsPage>;
    for (;;) {
      try {
        ack = await this.socket
          .timeout(TIMEOUT_MS)
          .emitWithAck('incident:join', { incidentId: this.incidentId, sinceSeq: this.seq });
      } catch {
        throw noAnswer(this.socket, 'incident:join');
      }
      if (ack.ok || ack.error.code !== 'RATE_LIMITED' || ack.error.details?.limit !== 'reads') break;
      await sleep(serverPace(ack.error)); // the server's pace (SPEC SYNC6)
    }
    if (!ack.ok) throw new PortlineError(ack.error.code, `incident:join: ${ack.error.message}`);
    this.headSeq = Math.max(this.headSeq, ack.headSeq);
    this.offer(ack.events);
    await this.fill(); // more than one page was missed, or there is a gap
  }

  private offer(events: readonly WireEvent[]): void {
    for (const ev of events) if (ev.seq > this.seq) this.early.set(ev.seq, ev);
    for (let next = this.early.get(this.seq + 1); next; next = this.early.get(this.seq + 1)) {
      this.early.delete(next.seq);
      this.events.push(next);
    }
    this.headSeq = Math.max(this.headSeq, this.seq);
    if (this.early.size > 0) void this.fill().catch((err: Error) => console.error(`gap fill failed: ${err.message}`));
  }

  /** Reads from seq + 1 until nothing is missing. */
  private fill(): Promise<void> {
    this.filling ??= (async () => {
      try {
        while (this.early.size > 0 || this.seq < this.headSeq) {
          const before = this.seq;
          const page = await fetchPage(this.socket, this.incidentId, before + 1);
          this.headSeq = Math.max(this.headSeq, page.headSeq);
          this.offer(page.events);
          if (this.seq === before) break; // the server has nothing newer yet
        }
      } finally {
        this.filling = null;
      }
    })();
    return this.filling;
  }

  /** Waits for live events up to `seq`; reads the log if they are late. */
  async reach(seq: number): Promise<void> {
    const end = Date.now() + TIMEOUT_MS;
    while (this.seq < seq) {
      if (Date.now() > end) throw new PortlineError('TIMEOUT', `live events stopped at seq ${this.seq}, expected ${seq}`);
      await sleep(50);
      if (Date.now() > end - TIMEOUT_MS / 2) {
        this.headSeq = Math.max(this.headSeq, seq);
        await this.fill();
      }
    }
  }
}

/** The whole log from seq 1, page by page, over Socket.IO. */
async function readOverSocket(socket: Socket, incidentId: string): Promise<WireEvent[]> {
  const all: WireEvent[] = [];
  for (;;) {
    const page = await fetchPage(socket, incidentId, all.length + 1);
    all.push(...page.events);
    if (page.events.length === 0 || all.length >= page.headSeq) return all;
  }
}

/** The same over HTTP: GET /api/incidents/:id/events?from=&limit=. */
async function readOverHttp(base: string, token: string, incidentId: string): Promise<WireEvent[]> {
  const all: WireEvent[] = [];
  for (;;) {
    const page = await http<EventsPage>(base, 'GET', `/api/incidents/${incidentId}/events?from=${all.length + 1}`, token);
    all.push(...page.events);
    if (page.events.length === 0 || all.length >= page.headSeq) return all;
  }
}

function describe(ev: WireEvent): string {
  const p = ev.payload;
  switch (ev.type) {
    case 'IncidentOpened':
      return `opened "${String(p.title)}" (${String(p.kind)}, ${String(p.scenario)}, level ${String(p.severity)}) with ${(p.agencies as string[]).join(', ')}`;
    case 'TaskCreated':
      return `task ${String(p.taskId).slice(0, 8)} for ${String(p.agency)}: "${String(p.title)}" (${String(p.priority)})`;
    case 'TaskStatusChanged':
      return `task ${String(p.taskId).slice(0, 8)} ${String(p.from)} → ${String(p.to)}`;
    case 'MessagePosted':
      return `${p.alert ? 'ALERT ' : ''}message to ${p.toAgency === null ? 'everyone' : String(p.toAgency)}: ${String(p.text)}`;
    default:
      return `${ev.type} ${JSON.stringify(p)}`;
  }
}

async function main(): Promise<void> {
  const base = env('PORTLINE_URL');
  const signIn = await http<{ token: string; account: { role: string; agency: string | null; displayName: string } }>(
    base,
    'POST',
    '/api/auth/sign-in',
    undefined,
    { username: env('PORTLINE_USER'), password: env('PORTLINE_PASSWORD') },
  );
  const { token, account } = signIn;
  console.log(`signed in as ${account.displayName} (${account.role}${account.agency ? `, ${account.agency}` : ''})`);

  const socket = await connect(base, token);
  const written: Written[] = [];
  try {
    let incidentId = process.env.PORTLINE_INCIDENT;
    if (!incidentId) {
      incidentId = crypto.randomUUID(); // the client names the incident
      const known = (await http<{ agencies: { code: string }[] }>(base, 'GET', '/api/agencies', token)).agencies.map((a) => a.code);
      const wanted = ['fire', 'port', 'customs'].filter((c) => known.includes(c));
      written.push(
        await submit(socket, incidentId, {
          type: 'OpenIncident',
          title: '集装箱码头危险品泄漏 Hazmat leak, yard block C3',
          kind: 'drill',
          scenario: 'hazmat',
          severity: 'III',
          location: 'Container terminal, yard block C3',
          agencies: wanted.length ? wanted : known.slice(0, 1),
        }),
      );
      console.log(`opened incident ${incidentId}`);
    }

    const timeline = new LiveTimeline(socket, incidentId);
    await timeline.start();
    console.log(`joined incident ${incidentId} at seq ${timeline.seq}`);

    // Tasks go to the account's own agency when it takes part, else to the first participating one.
    const { incident } = await http<{ incident: { agencies: string[] } }>(base, 'GET', `/api/incidents/${incidentId}`, token);
    const agency = account.agency && incident.agencies.includes(account.agency) ? account.agency : incident.agencies[0];
    const tasks = [
      { title: 'Set hot, warm and cold zones around block C3', priority: 'urgent' },
      { title: 'Identify the leaking substance from the manifest', priority: 'high' },
    ];
    for (const t of tasks) {
      written.push(await submit(socket, incidentId, { type: 'CreateTask', taskId: crypto.randomUUID(), agency, ...t }));
    }
    written.push(
      await submit(socket, incidentId, {
        type: 'PostMessage',
        messageId: crypto.randomUUID(),
        text: `${tasks.length} tasks created for ${agency} by an external system`,
      }),
    );

    // Our own events also arrive live; wait for them (filling any gap).
    await timeline.reach(Math.max(...written.flatMap((w) => w.seqs)));

    const [overSocket, overHttp] = await Promise.all([
      readOverSocket(socket, incidentId),
      readOverHttp(base, token, incidentId),
    ]);
    const seqs = (events: WireEvent[]) => events.map((e) => `${e.seq}:${e.id}`).join(',');
    if (seqs(overSocket) !== seqs(overHttp) || seqs(overSocket.slice(0, timeline.seq)) !== seqs(timeline.events))
      throw new PortlineError('INTERNAL', 'the socket, HTTP and live timelines disagree');

    console.log(`\ntimeline of ${incidentId} (${overSocket.length} events):`);
    for (const ev of overSocket) {
      const who = `${ev.actor.name}${ev.actor.agency ? ` [${ev.actor.agency}]` : ''}`;
      console.log(`#${ev.seq}  ${new Date(ev.ts).toISOString()}  ${who}  ${describe(ev)}`);
    }
    console.log(`RESULT ${JSON.stringify({ incidentId, agency, written })}`);
  } finally {
    socket.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    const code = err instanceof PortlineError ? err.code : 'INTERNAL';
    console.error(`error: ${code} ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
