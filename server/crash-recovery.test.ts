import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../lib/domain/incident/evolve';
import { newId } from '../lib/client/new-id';
import type { PortlineSocket } from '../lib/client/socket';
import { connect, hazmatIncident, logIntegrity, messageBurst, readLog, signIn, submit, until, type Sent } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/** One real server process on the embedded store (SQLite), killed with SIGKILL mid-burst. */
let srv: ServerProcess;
let admin: string;
const sockets: PortlineSocket[] = [];

beforeAll(async () => {
  srv = await startServerProcess({ serverId: 'crash' });
  admin = await signIn(srv.url);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv?.stop();
});

describe('embedded store: kill -9 during a write burst', () => {
  it('DUR1/DUR2: every command acknowledged before the kill is in the log once after a restart, seqs have no gap, and the clients retry the rest with the same ids', async () => {
    const writers = await Promise.all([0, 1, 2, 3].map(() => connect(srv.url, admin)));
    sockets.push(...writers);
    const id = newId();
    expect((await submit(writers[0], id, hazmatIncident())).ok).toBe(true);

    const before: string[] = [];
    let killed = false;
    const PER_WRITER = 50;
    const bursts = writers.map((w, i) =>
      messageBurst(w, id, PER_WRITER, {
        label: `writer ${i}`,
        onAck: (s) => {
          if (s.ack.ok && !killed) before.push(s.commandId);
        },
      }),
    );

    await until(() => before.length >= 60, 20_000, '60 acks before the kill');
    await srv.kill();
    killed = true;
    const ackedBeforeKill = [...before];
    const killedAt = Date.now();

    await srv.start(); // same port, same data dir
    const startMs = Date.now() - killedAt;
    // What was acknowledged before the kill, straight from the restarted server.
    const afterRestart = await readLog(srv.url, admin, id);
    const durable = logIntegrity(afterRestart, ackedBeforeKill);
    expect(durable).toEqual({ gaps: 0, duplicates: 0, missing: [] });

    const sent: Sent[] = (await Promise.all(bursts)).flat();
    const doneMs = Date.now() - killedAt;
    expect(sent.filter((s) => !s.ack.ok).map((s) => !s.ack.ok && s.ack.error)).toEqual([]);
    const duplicates = sent.filter((s) => s.ack.ok && s.ack.duplicate).length;

    const events = await readLog(srv.url, admin, id);
    expect(logIntegrity(events, sent.map((s) => s.commandId))).toEqual({ gaps: 0, duplicates: 0, missing: [] });
    expect(events).toHaveLength(1 + writers.length * PER_WRITER);
    expect(() => replay(events)).not.toThrow();
    console.log(
      `DUR2: ${ackedBeforeKill.length} acked before kill -9, ${afterRestart.length - 1} messages in the log after restart ` +
        `(restart took ${startMs} ms); all ${sent.length} acknowledged ${doneMs} ms after the kill, ${duplicates} of them as duplicates of a write that landed before the kill`,
    );
  }, 60_000); // typically 10 s; a restart on a busy 2-core machine can take several
});
