import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/client/new-id';
import type { PortlineSocket } from '../lib/client/socket';
import { connect, hazmatIncident, signIn, submit } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/** SPEC REV5: every export of an incident downloads, whatever letters its title holds. Real server process. */
describe('REV5: export file names', () => {
  let srv: ServerProcess;
  let admin: string;
  let socket: PortlineSocket;
  beforeAll(async () => {
    srv = await startServerProcess();
    admin = await signIn(srv.url);
    socket = await connect(srv.url, admin);
  }, 60_000);
  afterAll(async () => {
    socket?.close();
    await srv?.stop();
  });

  it('REV5: a title whose 60th and 61st UTF-16 units are one letter (𠀀) exports with 200 on log.jsonl, timeline.csv and tasks.csv', async () => {
    const id = newId();
    const title = `${'A'.repeat(59)}𠀀B`;
    expect((await submit(socket, id, { ...hazmatIncident(), title })).ok).toBe(true);
    for (const route of ['export/log.jsonl', 'export/timeline.csv?lang=en', 'export/tasks.csv?lang=zh-CN']) {
      const res = await fetch(`${srv.url}/api/incidents/${id}/${route}`, { headers: { authorization: `Bearer ${admin}` } });
      expect(res.status, route).toBe(200);
      expect(res.headers.get('content-disposition'), route).toContain(`filename*=UTF-8''${'A'.repeat(59)}${encodeURIComponent('𠀀')}-`);
      expect((await res.arrayBuffer()).byteLength, route).toBeGreaterThan(0);
    }
  });
});
