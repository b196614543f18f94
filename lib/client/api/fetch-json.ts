import { z } from 'zod';
import { noteHeard } from '../last-heard';
import { NO_ANSWER_MS, within } from '../within';
import { COPY_HEADER } from '../offline/sw-routes';
import { DISPLAY_AUTH_SCHEME } from '@/lib/protocol/http';
import { ApiError } from './api-error';

const Failure = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

/**
 * The preload hint (react-dom `preload`) for a URL a page's HTML starts and that page's fetchJson
 * then asks for: a fetch in the `same-origin` credentials mode (`crossOrigin: 'anonymous'`), so that
 * the request takes the preloaded answer instead of asking again.
 */
export const FETCH_PRELOAD = { as: 'fetch', crossOrigin: 'anonymous' } as const;

interface Request<T> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT';
  body?: unknown;
  /** Checks the success body at run time: types are not validation. */
  schema: z.ZodType<T>;
  /** A wall screen reads with `Authorization: Display <token>` instead of the session cookie. */
  displayToken?: string;
  /**
   * Awaited once the response's body has arrived, before it is parsed: a background load whose
   * answer may wait while the page has something more urgent to do. Awaited after the body rather
   * than after the headers, so that a body still arriving when something more urgent starts is not
   * parsed in its time (the page's main thread parses it).
   */
  beforeParse?: () => Promise<void>;
  /**
   * Awaited once the response's headers have arrived, before its body is read: the body then waits
   * in the network's buffers, and the page's main thread does not decode it (a page of events is
   * ~470 KiB, 2–7 ms to decode) while something more urgent runs. `beforeParse` is still awaited
   * after it, for an urgent thing that starts while the body is read. At most BODY_WAIT_MAX_MS: a
   * body left unread holds its connection, and a browser opens only 6 per host over HTTP/1.1, so
   * the urgent thing's own request could otherwise wait for a connection that never frees.
   */
  beforeBody?: () => Promise<void>;
  /**
   * The answer's last member, kept as its JSON text (the schema sees a string) when the answer's
   * first member (after `ok`) `<tail>Length` gives that text's length in characters (the server's answers are
   * ASCII): a page of events the replay parses only when a moment needs it (EventsText). An answer
   * without it (an error) is parsed whole.
   */
  tail?: string;
  /** Ends the request (and the reading of its body): a NETWORK failure. */
  signal?: AbortSignal;
  /** NO_ANSWER_MS but in tests. */
  noAnswerMs?: number;
}


/** The timer of one request's SPEC SYNC8 bound, and what ends the request when it runs out. */
class NoAnswer {
  readonly controller = new AbortController();
  ranOut = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly endOuter = () => this.controller.abort();

  constructor(
    private readonly ms: number,
    private readonly outer: AbortSignal | undefined,
  ) {
    if (outer?.aborted) this.controller.abort();
    else outer?.addEventListener('abort', this.endOuter);
  }

  /** Starts the bound again from now. */
  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.ranOut = true;
      this.controller.abort();
    }, this.ms);
  }

  /** No bound while the page holds a body unread on purpose (beforeBody). */
  pause(): void {
    clearTimeout(this.timer);
  }

  done(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.endOuter);
  }

  /** The body's text, the bound started again at each part that arrives. */
  async text(res: Response): Promise<string> {
    this.arm();
    if (!res.body) return res.text();
    const watched = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (part, out) => {
          this.arm();
          out.enqueue(part);
        },
      }),
    );
    return new Response(watched).text();
  }

  /** What a request that failed here failed with. */
  failure(e: unknown): ApiError {
    return this.ranOut
      ? new ApiError(0, 'TIMEOUT', `No answer from the server in ${this.ms / 1000} s.`)
      : new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'Network error');
  }
}

/** The longest `beforeBody` holds a body unread (its connection held): see Request.beforeBody. */
export const BODY_WAIT_MAX_MS = 500;

/**
 * Calls one of our JSON routes (same origin, session cookie or display token).
 * Resolves with the parsed success body; rejects with ApiError for `{ ok: false }`,
 * a bad shape, no network (NETWORK) or no answer (TIMEOUT, SPEC SYNC8).
 */
export async function fetchJson<T>(
  path: string,
  { method = 'GET', body, schema, displayToken, beforeParse, beforeBody, tail, signal, noAnswerMs = NO_ANSWER_MS }: Request<T>,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (displayToken) headers.authorization = `${DISPLAY_AUTH_SCHEME} ${displayToken}`;
  const bound = new NoAnswer(noAnswerMs, signal);
  let res: Response;
  let text: string;
  try {
    if (method === 'GET') bound.arm();
    try {
      res = await fetch(path, {
        method,
        credentials: displayToken ? 'omit' : 'same-origin',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: bound.controller.signal,
      });
    } catch (e) {
      throw bound.failure(e);
    }
    bound.pause();
    if (beforeBody) await within(beforeBody(), BODY_WAIT_MAX_MS, undefined);
    try {
      text = await bound.text(res);
    } catch (e) {
      throw bound.failure(e);
    }
  } finally {
    bound.done();
  }
  if (beforeParse) await beforeParse();
  const json = tail ? parseWithTail(text, tail) : parseJson(text);
  if (heardFrom(res, json)) noteHeard();
  const failure = Failure.safeParse(json);
  if (failure.success) {
    const { code, message, details } = failure.data.error;
    throw new ApiError(res.status, code, message, details);
  }
  if (!res.ok) throw new ApiError(res.status, res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL', res.statusText);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(res.status, 'BAD_RESPONSE', z.prettifyError(parsed.error));
  return parsed.data;
}

/**
 * Whether an answer was the server's own (SPEC SYNC12's "offline since"): the protocol's envelope
 * (`{ ok: boolean, … }`), not the service worker's copy of one, and not a page of a proxy (nginx's
 * 502 while no process is up) or of a captive portal.
 */
export function heardFrom(res: Pick<Response, 'headers'>, json: unknown): boolean {
  return !res.headers.has(COPY_HEADER) && typeof json === 'object' && json !== null && typeof (json as { ok?: unknown }).ok === 'boolean';
}

/** The text parsed as JSON; null for no text or text that is not JSON. */
export function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * `text` parsed but for its last member `key`, which is left as its JSON text: its length is the
 * first member after `ok`, `<key>Length`. Null (a bad response) when the text does not end as that says.
 */
function parseWithTail(text: string | null, key: string): unknown {
  if (text === null) return null;
  const length = new RegExp(`^\\{(?:"ok":true,)?"${key}Length":(\\d+),`).exec(text);
  if (!length) return parseJson(text);
  const start = text.length - 1 - Number(length[1]);
  const member = `,"${key}":`;
  if (start < member.length || !text.endsWith('}') || text.slice(start - member.length, start) !== member) return null;
  const head = parseJson(`${text.slice(0, start)}null}`);
  if (typeof head !== 'object' || head === null) return null;
  (head as Record<string, unknown>)[key] = text.slice(start, -1);
  return head;
}
