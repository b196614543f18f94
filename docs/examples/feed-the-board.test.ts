import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { newId } from '../../lib/client/new-id';
import { api, connect, hazmatIncident, signIn, submit } from '../../server/testing/client';
import { startServerProcess, TEST_ADMIN_PASSWORD, type ServerProcess } from '../../server/testing/server-process';

/** docs/examples/feed-the-board.ts run as another system would run it, against a real server. */

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join('docs', 'examples', 'feed-the-board.ts');

interface Written {
  type: string;
  commandId: string;
  seqs: number[];
}
interface Result {
  incidentId: string;
  agency: string;
  written: Written[];
}

let srv: ServerProcess;
let admin: string;

beforeAll(async () => {
  srv = await startServerProcess();
  admin = await signIn(srv.url);
});
afterAll(async () => {
  await srv?.stop();
});

function runScript(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      cwd: ROOT,
      env: { ...process.env, PORTLINE_URL: srv.url, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function resultOf(stdout: string): Result {
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`no RESULT line in:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length)) as Result;
}

async function logOf(incidentId: string): Promise<IncidentEvent[]> {
  const r = await api<{ events: IncidentEvent[]; headSeq: number }>(
    srv.url,
    'GET',
    `/api/incidents/${incidentId}/events?from=1`,
    admin,
  );
  expect(r.status).toBe(200);
  return r.json.events;
}

/** Every command the script reports is in the log, once, at the seqs its ack gave, with the right event. */
async function expectWrittenInLog(result: Result): Promise<IncidentEvent[]> {
  const log = await logOf(result.incidentId);
  const bySeq = new Map(log.map((e) => [e.seq, e]));
  const eventOf: Record<string, IncidentEvent['type']> = {
    OpenIncident: 'IncidentOpened',
    CreateTask: 'TaskCreated',
    PostMessage: 'MessagePosted',
  };
  for (const w of result.written) {
    expect(w.seqs).toHaveLength(1);
    const ev = bySeq.get(w.seqs[0]);
    expect(ev, `seq ${w.seqs[0]} of ${w.type}`).toBeDefined();
    expect(ev!.type).toBe(eventOf[w.type]);
    expect(ev!.commandId).toBe(w.commandId);
    expect(log.filter((e) => e.commandId === w.commandId)).toHaveLength(1);
  }
  const tasks = log.filter((e) => e.type === 'TaskCreated' && result.written.some((w) => w.commandId === e.commandId));
  expect(tasks).toHaveLength(2);
  for (const t of tasks) expect(t.type === 'TaskCreated' && t.payload.agency).toBe(result.agency);
  return log;
}

describe('docs/examples/feed-the-board.ts', () => {
  it('opens an incident, creates two tasks, posts a message and prints the timeline', async () => {
    const run = await runScript({ PORTLINE_USER: 'admin', PORTLINE_PASSWORD: TEST_ADMIN_PASSWORD });
    expect(run.stderr, run.stdout).not.toMatch(/^error:/m);
    expect(run.code, run.stderr).toBe(0);

    const result = resultOf(run.stdout);
    expect(result.written.map((w) => w.type)).toEqual(['OpenIncident', 'CreateTask', 'CreateTask', 'PostMessage']);
    const log = await expectWrittenInLog(result);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(log[0].type).toBe('IncidentOpened');
    // The printed timeline has one line per event, in order.
    const printed = run.stdout.split('\n').filter((l) => /^#\d+ /.test(l));
    expect(printed.map((l) => Number(l.slice(1, l.indexOf(' '))))).toEqual([1, 2, 3, 4]);
  }, 60_000);

  it('joins an existing incident (PORTLINE_INCIDENT) as a responder, who writes for its own agency', async () => {
    const socket = await connect(srv.url, admin);
    const incidentId = newId();
    try {
      expect((await submit(socket, incidentId, hazmatIncident(['port', 'fire', 'medical']))).ok).toBe(true);
      for (let i = 0; i < 3; i++)
        expect((await submit(socket, incidentId, { type: 'PostMessage', messageId: newId(), text: `before ${i}` })).ok).toBe(true);
    } finally {
      socket.close();
    }
    // A new account must change its one-time password before it may connect.
    const created = await api(srv.url, 'POST', '/api/accounts', admin, {
      username: 'fire-script',
      displayName: '消防 script',
      role: 'responder',
      agency: 'fire',
      password: 'one-time-password',
    });
    expect(created.status).toBe(201);
    const oneTime = await signIn(srv.url, 'fire-script', 'one-time-password');
    const changed = await api(srv.url, 'POST', '/api/auth/password', oneTime, {
      currentPassword: 'one-time-password',
      newPassword: 'fire-script-password',
    });
    expect(changed.status).toBe(200);

    const run = await runScript({
      PORTLINE_USER: 'fire-script',
      PORTLINE_PASSWORD: 'fire-script-password',
      PORTLINE_INCIDENT: incidentId,
    });
    expect(run.code, run.stderr).toBe(0);
    const result = resultOf(run.stdout);
    expect(result.incidentId).toBe(incidentId);
    expect(result.agency).toBe('fire');
    expect(result.written.map((w) => w.type)).toEqual(['CreateTask', 'CreateTask', 'PostMessage']);
    const log = await expectWrittenInLog(result);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(log.slice(4).every((e) => e.actor.agency === 'fire' && e.actor.role === 'responder')).toBe(true);
  }, 60_000);

  it('exits 1 with the error code when the server refuses', async () => {
    const wrong = await runScript({ PORTLINE_USER: 'admin', PORTLINE_PASSWORD: 'not-the-password' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error: UNAUTHENTICATED /m);

    const unknown = await runScript({
      PORTLINE_USER: 'admin',
      PORTLINE_PASSWORD: TEST_ADMIN_PASSWORD,
      PORTLINE_INCIDENT: newId(),
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: NOT_FOUND /m);
  }, 60_000);
});
