import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { message, opened, storeContractSuite } from './contract';
import { createSqliteStore } from './sqlite';
import { StoreUnavailableError } from './types';

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portline-sqlite-'));
  tempDirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

storeContractSuite('sqlite', async () => {
  const dir = await tempDir();
  const store = createSqliteStore({ dir });
  return {
    store,
    // A second connection to the same file: the seq check holds across connections,
    // but there is no bus between them.
    openSecond: async () => createSqliteStore({ dir }),
    sharedBus: false,
    cleanup: () => store.close(),
  };
});

describe('sqlite store', () => {
  it('OPS1: a database held by another writer past the busy timeout is unavailable (retry safe); a broken schema is an error, not an outage', async () => {
    const dir = await tempDir();
    const store = createSqliteStore({ dir });
    const other = new Database(path.join(dir, 'portline.db'));
    try {
      const id = randomUUID();
      await store.events.append(id, 0, 'open', [opened(id, 'open')]);
      other.exec('BEGIN EXCLUSIVE');
      const busy = await store.events.append(id, 1, 'busy', [message(id, 'busy', 'held')]).catch((err: unknown) => err);
      expect(busy).toBeInstanceOf(StoreUnavailableError);
      other.exec('ROLLBACK');
      // Another program dropped a table under the store: every retry would fail the same way.
      other.exec('DROP TABLE incident_summaries');
      const broken = await store.events.putSummary(id, 1, '{}').catch((err: unknown) => err);
      expect(broken).toBeInstanceOf(Database.SqliteError);
      expect(broken).not.toBeInstanceOf(StoreUnavailableError);
      // The log itself still works.
      expect((await store.events.append(id, 1, 'after', [message(id, 'after', 'ok')])).status).toBe('appended');
    } finally {
      other.close();
      await store.close();
    }
  }, 20_000);

  it('creates its directory and keeps everything across a reopen', async () => {
    const dir = path.join(await tempDir(), 'nested', 'data');
    const id = randomUUID();
    const first = createSqliteStore({ dir });
    await first.events.append(id, 0, 'open', [opened(id, 'open')]);
    await first.events.append(id, 1, 'msg', [message(id, 'msg', '你好')]);
    const before = await first.events.read(id, 1, 10);
    await first.accounts.seedAgencies([{ code: 'fire', nameZh: '消防', nameEn: 'Fire', short: 'F', color: '#ff0000' }]);
    await first.close();

    const again = createSqliteStore({ dir });
    try {
      expect(await again.events.read(id, 1, 10)).toEqual(before);
      expect(await again.events.listIncidentIds()).toEqual([id]);
      expect(await again.events.append(id, 1, 'msg', [message(id, 'msg', '你好')])).toEqual({ status: 'duplicate', seqs: [2] });
      expect(await again.accounts.listAgencies()).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it('DUR1: every append acknowledged before a kill -9 is in the database', async () => {
    const dir = await tempDir();
    const id = randomUUID();
    const script = path.join(__dirname, 'testing', 'sqlite-append-loop.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, id], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));

    // Kill in the middle of the burst, once plenty of appends were acknowledged.
    const deadline = Date.now() + 20_000;
    // 301 pieces = at least 300 complete lines (the last piece may be cut or empty).
    while (out.split('\n').length < 301 && child.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect(await exited, `child output:\n${err}`).toBe('SIGKILL');

    // Only complete lines: a line cut by the kill may be half-written.
    const acked = out.split('\n').slice(0, -1).map((line) => {
      const [seq, commandId] = line.split(' ');
      return { seq: Number(seq), commandId };
    });
    expect(acked.length).toBeGreaterThanOrEqual(300);

    const store = createSqliteStore({ dir });
    try {
      const head = await store.events.head(id);
      expect(head).toBeGreaterThanOrEqual(acked.length);
      const log = await store.events.read(id, 1, head + 10);
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      for (const a of acked) expect(log[a.seq - 1].commandId).toBe(a.commandId);
    } finally {
      await store.close();
    }
  });

  it('AUTH8: opens a database from before sessions had ids: its sessions get one and keep working', async () => {
    const dir = await tempDir();
    const old = new Database(path.join(dir, 'portline.db'));
    old.exec(`CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL, created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)`);
    const now = Date.now();
    old.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, ?)').run('hash-1', 'acc', now, now, now + 60_000);
    old.close();
    const store = createSqliteStore({ dir });
    try {
      const [session] = await store.accounts.listSessionsOf('acc');
      expect(session).toMatchObject({ tokenHash: 'hash-1', accountId: 'acc', address: null, userAgent: null });
      expect(session.id).toMatch(/^[0-9a-f]{32}$/);
      expect(await store.accounts.deleteSessionById(session.id)).toEqual(session);
      expect(await store.accounts.getSession('hash-1')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('REV3: opens a database from before the review log: its events stay, the review log starts empty and works', async () => {
    const dir = await tempDir();
    const id = randomUUID();
    const first = createSqliteStore({ dir });
    await first.events.append(id, 0, 'open', [opened(id, 'open')]);
    await first.close();
    // As a database written by a version without the review table.
    const raw = new Database(path.join(dir, 'portline.db'));
    raw.exec('DROP INDEX review_by_entry; DROP TABLE review;');
    raw.close();
    const store = createSqliteStore({ dir });
    try {
      expect(await store.events.head(id)).toBe(1);
      expect(await store.review.head(id)).toBe(0);
      const r = await store.review.append(
        id,
        { type: 'FindingAdded', id: randomUUID(), incidentId: id, actor: { userId: 'u', name: 'Obs', agency: null, role: 'observer' }, finding: { atSeq: 1, atTs: 1, ref: null, verdict: 'strength', text: 'ok' } },
        { maxEntries: 10 },
      );
      expect(r.status === 'appended' && r.entry.seq).toBe(1);
      expect(await store.events.head(id)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('never fires onResync and reports no start-up warnings', async () => {
    const store = createSqliteStore({ dir: await tempDir() });
    let resyncs = 0;
    store.events.onResync(() => resyncs++);
    expect(await store.startupWarnings()).toEqual([]);
    expect(await store.health()).toMatchObject({ ok: true });
    await store.close();
    expect(resyncs).toBe(0);
  });
});
