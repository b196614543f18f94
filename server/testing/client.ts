import { io } from 'socket.io-client';
import type { DisplayScope, Role } from '../../lib/domain/actor';
import type { IncidentCommandInput } from '../../lib/domain/incident/commands';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import type { Ack } from '../../lib/protocol/ack';
import type { AccountView } from '../../lib/protocol/http';
import { SOCKET_PATH, type CommandResult } from '../../lib/protocol/socket';
import { PROTOCOL_VERSION } from '../../lib/protocol/version';
import { newId } from '../../lib/client/new-id';
import { sendCommand } from '../../lib/client/send-command';
import { createSocket, type PortlineSocket } from '../../lib/client/socket';
import { TEST_ADMIN_PASSWORD } from './server-process';

/** Test-side helpers that talk to a real server over HTTP and Socket.IO, as any client would. */

export async function api<T = Record<string, unknown>>(
  url: string,
  method: string,
  route: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; json: T & { ok: boolean; error?: { code: string; message: string } } }> {
  const res = await fetch(url + route, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as never };
}

export async function signIn(url: string, username = 'admin', password = TEST_ADMIN_PASSWORD): Promise<string> {
  const r = await api<{ token: string }>(url, 'POST', '/api/auth/sign-in', undefined, { username, password });
  if (!r.json.ok) throw new Error(`sign-in failed: ${JSON.stringify(r.json)}`);
  return r.json.token;
}

/** Creates an account (as admin) and returns a token for it, its password already changed. */
export async function createUser(
  url: string,
  adminToken: string,
  username: string,
  role: Role,
  agency: string | null,
): Promise<{ token: string; account: AccountView }> {
  const initial = `initial-${username}-pw`;
  const r = await api<{ account: AccountView }>(url, 'POST', '/api/accounts', adminToken, {
    username,
    displayName: username,
    role,
    agency,
    password: initial,
  });
  if (!r.json.ok) throw new Error(`create account failed: ${JSON.stringify(r.json)}`);
  let token = await signIn(url, username, initial);
  const pw = `${username}-password-ok`;
  const c = await api(url, 'POST', '/api/auth/password', token, { currentPassword: initial, newPassword: pw });
  if (!c.json.ok) throw new Error(`password change failed: ${JSON.stringify(c.json)}`);
  token = await signIn(url, username, pw);
  return { token, account: r.json.account };
}

export function connect(url: string, token: string): Promise<PortlineSocket> {
  return connected(createSocket({ url, token, websocketOnly: true }), 'socket');
}

/**
 * Resolves once the socket is connected; rejects (and closes it) on a refusal or after 10 s.
 * Only the first connection: a failed reconnect later must not close the socket.
 */
function connected(socket: PortlineSocket, what: string): Promise<PortlineSocket> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not connect`)), 10_000);
    const onConnect = () => {
      clearTimeout(t);
      socket.off('connect_error', onError);
      resolve(socket);
    };
    const onError = (err: Error) => {
      clearTimeout(t);
      socket.off('connect', onConnect);
      socket.close();
      reject(err);
    };
    socket.once('connect', onConnect);
    socket.once('connect_error', onError);
  });
}

/** Sends one command once (no retries) and returns its ack. */
export function submit(
  socket: PortlineSocket,
  incidentId: string,
  command: IncidentCommandInput,
  commandId: string = newId(),
): Promise<Ack<CommandResult>> {
  return socket.timeout(10_000).emitWithAck('command:submit', { commandId, incidentId, command: command as { type: string } });
}

/** An incident as scenario A (hazmat leak at a container terminal) opens it. */
export function hazmatIncident(agencies = ['port', 'fire', 'customs', 'medical', 'maritime', 'border', 'police']) {
  return {
    type: 'OpenIncident' as const,
    title: '集装箱码头危险品泄漏 Hazmat leak, yard block C3',
    kind: 'drill' as const,
    scenario: 'hazmat' as const,
    severity: 'III' as const,
    location: 'Container terminal, yard block C3',
    agencies,
  };
}

/** Any request, with a session token, a display token (`Authorization: Display`) or extra headers. */
export async function request<T = Record<string, unknown>>(
  url: string,
  method: string,
  route: string,
  opts: { token?: string; displayToken?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: T & { ok: boolean; error?: { code: string; message: string; details?: Record<string, unknown> } } }> {
  const res = await fetch(url + route, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.displayToken ? { authorization: `Display ${opts.displayToken}` } : {}),
      ...opts.headers,
    },
    body: opts.body !== undefined ? (typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)) : undefined,
  });
  const text = await res.text();
  let json: never;
  try {
    json = JSON.parse(text) as never;
  } catch {
    throw new Error(`${method} ${route}: not JSON (${res.status}): ${text.slice(0, 200)}`);
  }
  return { status: res.status, headers: res.headers, json };
}

/** A wall screen's socket: `auth: { protocolVersion, displayToken }`. */
export function connectDisplay(url: string, displayToken: string): Promise<PortlineSocket> {
  const socket = io(url, {
    path: SOCKET_PATH,
    auth: { protocolVersion: PROTOCOL_VERSION, displayToken },
    transports: ['websocket'],
    reconnection: false,
  }) as PortlineSocket;
  return connected(socket, 'display socket');
}

/** Creates a display token as admin. */
export async function createDisplay(url: string, adminToken: string, name: string, scope: DisplayScope): Promise<{ id: string; token: string }> {
  const r = await request<{ display: { id: string }; token: string }>(url, 'POST', '/api/displays', { token: adminToken, body: { name, scope } });
  if (!r.json.ok) throw new Error(`create display failed: ${JSON.stringify(r.json)}`);
  return { id: r.json.display.id, token: r.json.token };
}

/** The whole log of an incident through the events route, page by page. */
export async function readLog(url: string, token: string, incidentId: string): Promise<IncidentEvent[]> {
  const out: IncidentEvent[] = [];
  for (;;) {
    const r = await api<{ events: IncidentEvent[] }>(url, 'GET', `/api/incidents/${incidentId}/events?from=${out.length + 1}`, token);
    if (!r.json.ok) throw new Error(`events route failed: ${JSON.stringify(r.json)}`);
    out.push(...r.json.events);
    if (r.json.events.length < 1000) return out;
  }
}

/** Polls until `cond` holds; resolves with the ms it took, rejects after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 15_000, what = 'condition'): Promise<number> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - t0;
}

/**
 * SPEC DUR1/DUR2: seqs 1..n without a gap, no command id twice, and every
 * acknowledged command id present (each of these commands appends one event).
 */
export function logIntegrity(events: readonly IncidentEvent[], acked: Iterable<string>): { gaps: number; duplicates: number; missing: string[] } {
  let gaps = 0;
  events.forEach((e, i) => {
    if (e.seq !== i + 1) gaps++;
  });
  const count = new Map<string, number>();
  for (const e of events) count.set(e.commandId, (count.get(e.commandId) ?? 0) + 1);
  const duplicates = [...count.values()].filter((n) => n > 1).length;
  const missing = [...acked].filter((id) => count.get(id) !== 1);
  return { gaps, duplicates, missing };
}

export interface Sent {
  commandId: string;
  ack: Ack<CommandResult>;
  /** Date.now() when the ack arrived. */
  at: number;
}

/**
 * One client's burst: `count` messages one after another, each through
 * sendCommand (retries with the same command id on timeouts, reconnects and
 * STORE_UNAVAILABLE, as the browser does). `onAck` sees each ack as it comes.
 */
export async function messageBurst(
  socket: PortlineSocket,
  incidentId: string,
  count: number,
  opts: { label: string; pauseMs?: number; ackTimeoutMs?: number; deadlineMs?: number; onAck?: (s: Sent) => void },
): Promise<Sent[]> {
  const out: Sent[] = [];
  for (let i = 0; i < count; i++) {
    const commandId = newId();
    const ack = await sendCommand(
      socket,
      incidentId,
      { type: 'PostMessage', messageId: newId(), text: `${opts.label} ${i}` },
      { commandId, ackTimeoutMs: opts.ackTimeoutMs ?? 2_000, deadlineMs: opts.deadlineMs ?? 45_000 },
    );
    const sent = { commandId, ack, at: Date.now() };
    out.push(sent);
    opts.onAck?.(sent);
    if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
  }
  return out;
}
