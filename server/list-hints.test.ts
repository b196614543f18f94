import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/client/new-id';
import { applyEvents } from '../lib/domain/incident/evolve';
import type { PortlineSocket } from '../lib/client/socket';
import { api, connect, connectDisplay, createDisplay, createUser, hazmatIncident, readLog, signIn, submit, until } from './testing/client';
import { startRedisServer, type RedisServerHandle } from './testing/redis-server';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * SPEC AUTH5: the list hint (`incidents:changed`) names an incident and its newest seq, so it goes
 * only to sockets that may read that incident: not to a liaison of an agency that does not take
 * part (before, every account's socket heard every incident's). Two real server processes on one
 * redis-server: commands go to A, the listeners sit on both, so B knows the incident's agencies
 * only from the bus (it holds no hub of it), A from its hub.
 */
let redis: RedisServerHandle;
let A: ServerProcess;
let B: ServerProcess;
let admin: string;
const sockets: PortlineSocket[] = [];

beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true });
  [A, B] = await Promise.all([startServerProcess({ redisUrl: redis.url, serverId: 'A' }), startServerProcess({ redisUrl: redis.url, serverId: 'B' })]);
  admin = await signIn(A.url);
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all([A?.stop(), B?.stop()]);
  await redis?.stop();
});

/** A socket on `url` that records the incidents of the list hints it hears. */
async function listener(url: string, token: string, display = false) {
  const s = display ? await connectDisplay(url, token) : await connect(url, token);
  sockets.push(s);
  const heard: string[] = [];
  s.on('incidents:changed', (msg) => void heard.push(msg.incidentId));
  return heard;
}

describe('list hints', () => {
  it('AUTH5: a list hint goes to the sockets that may read the incident: its agencies\' liaisons, those who read every incident and all-active walls, on both processes; an agency taken out hears the last one, then none until it is back', async () => {
    const user = async (name: string, role: 'liaison' | 'observer', agency: string | null) => (await createUser(A.url, admin, `${name}-${newId().slice(0, 6)}`, role, agency)).token;
    const [fire, customs, observer] = [await user('fire-hint', 'liaison', 'fire'), await user('customs-hint', 'liaison', 'customs'), await user('observer-hint', 'observer', null)];
    const incidentId = newId();
    const other = newId();
    const s = await connect(A.url, admin);
    sockets.push(s);
    expect((await submit(s, other, hazmatIncident(['port']))).ok).toBe(true);
    const wall = await createDisplay(A.url, admin, 'All active', { kind: 'active' });
    const oneWall = await createDisplay(A.url, admin, 'Other incident', { kind: 'incident', incidentId: other });
    const ears = {
      fireA: await listener(A.url, fire),
      fireB: await listener(B.url, fire),
      customsA: await listener(A.url, customs),
      customsB: await listener(B.url, customs),
      observerB: await listener(B.url, observer),
      wallB: await listener(B.url, wall.token, true),
      oneWallB: await listener(B.url, oneWall.token, true),
    };
    await new Promise((r) => setTimeout(r, 1_500)); // the other incident's own hint has come and gone
    expect((await submit(s, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
    await until(() => ears.observerB.includes(incidentId) && ears.fireB.includes(incidentId) && ears.fireA.includes(incidentId) && ears.wallB.includes(incidentId), 10_000, 'hints to readers');
    // One hint's time more for any that should not come.
    await new Promise((r) => setTimeout(r, 1_500));
    expect({ customsA: ears.customsA, customsB: ears.customsB }).toEqual({ customsA: [], customsB: [] });
    expect(ears.oneWallB.filter((id) => id === incidentId)).toEqual([]);

    // Customs joins the incident: its liaisons hear of it (and so their lists show it).
    const version = async () => applyEvents(null, await readLog(A.url, admin, incidentId))!.version;
    expect((await submit(s, incidentId, { type: 'UpdateIncident', expectedVersion: await version(), agencies: ['port', 'fire', 'customs'] })).ok).toBe(true);
    await until(() => ears.customsA.includes(incidentId) && ears.customsB.includes(incidentId), 10_000, 'hints to customs once it takes part');

    // Fire is taken out: it hears that last change (its lists drop the incident), then nothing more.
    const before = { fireA: ears.fireA.length, fireB: ears.fireB.length };
    expect((await submit(s, incidentId, { type: 'UpdateIncident', expectedVersion: await version(), agencies: ['port', 'customs'] })).ok).toBe(true);
    await until(() => ears.fireA.length > before.fireA && ears.fireB.length > before.fireB, 10_000, 'the last hint to fire');
    await new Promise((r) => setTimeout(r, 1_200));
    const after = { fireA: ears.fireA.length, fireB: ears.fireB.length, customsB: ears.customsB.length };
    expect((await submit(s, incidentId, { type: 'PostMessage', messageId: newId(), text: 'Customs only from here on', toAgency: null, alert: false })).ok).toBe(true);
    await until(() => ears.customsB.length > after.customsB, 10_000, 'the next hint to customs');
    await new Promise((r) => setTimeout(r, 1_500));
    expect({ fireA: ears.fireA.length, fireB: ears.fireB.length }).toEqual({ fireA: after.fireA, fireB: after.fireB });
    console.log(`AUTH5 hints heard: ${JSON.stringify(Object.fromEntries(Object.entries(ears).map(([k, v]) => [k, v.length])))}`);
  }, 60_000);

  it('AUTH5: an imported incident (the store publishes only its last event, so neither process has seen its agencies): its hint reaches its agencies and those who read every incident, on both processes, never an agency that takes no part', async () => {
    const user = async (name: string, agency: string) => (await createUser(A.url, admin, `${name}-${newId().slice(0, 6)}`, 'liaison', agency)).token;
    const [fire, customs] = [await user('fire-import', 'fire'), await user('customs-import', 'customs')];
    // A log to import: an incident of port and fire written here, exported, and given a new id.
    const s = await connect(A.url, admin);
    sockets.push(s);
    const source = newId();
    expect((await submit(s, source, hazmatIncident(['port', 'fire']))).ok).toBe(true);
    expect((await submit(s, source, { type: 'PostMessage', messageId: newId(), text: 'Before the export', toAgency: null, alert: false })).ok).toBe(true);
    const exported = await fetch(`${A.url}/api/incidents/${source}/export/log.jsonl`, { headers: { authorization: `Bearer ${admin}` } });
    expect(exported.status).toBe(200);
    const imported = newId();
    const jsonl = (await exported.text()).replaceAll(source, imported);
    const ears = {
      fireA: await listener(A.url, fire),
      fireB: await listener(B.url, fire),
      customsA: await listener(A.url, customs),
      customsB: await listener(B.url, customs),
      adminB: await listener(B.url, admin),
    };
    await new Promise((r) => setTimeout(r, 1_500)); // the source incident's own hints have come and gone
    const r = await api(A.url, 'POST', '/api/incidents/import', admin, { jsonl });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    await until(() => ears.fireA.includes(imported) && ears.fireB.includes(imported) && ears.adminB.includes(imported), 10_000, 'the imported incident\'s hint to its agencies');
    await new Promise((r) => setTimeout(r, 1_500));
    expect({ customsA: ears.customsA.filter((id) => id === imported), customsB: ears.customsB.filter((id) => id === imported) }).toEqual({ customsA: [], customsB: [] });
  }, 60_000);
});

describe('agency list pushes', () => {
  it('an admin adds an agency on A: every page and wall screen, on both processes, is told to read the list again, and B lists it at once', async () => {
    const liaison = (await createUser(A.url, admin, `fire-agencies-${newId().slice(0, 6)}`, 'liaison', 'fire')).token;
    const wall = await createDisplay(A.url, admin, 'All active (agencies)', { kind: 'active' });
    const heard = { liaisonB: 0, wallB: 0, adminA: 0 };
    const listen = (s: PortlineSocket, k: keyof typeof heard) => {
      sockets.push(s);
      s.on('agencies:changed', () => void heard[k]++);
    };
    listen(await connect(B.url, liaison), 'liaisonB');
    listen(await connectDisplay(B.url, wall.token), 'wallB');
    listen(await connect(A.url, admin), 'adminA');
    const code = `bz${newId().slice(0, 4)}`.replace(/[^a-z0-9]/g, 'x');
    const created = await api(A.url, 'POST', '/api/agencies', admin, { code, nameZh: '保税区运营', nameEn: 'Bonded zone operator', short: 'BZO', color: '#0f766e' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    await until(() => heard.liaisonB > 0 && heard.wallB > 0 && heard.adminA > 0, 10_000, 'agencies:changed on every socket');
    const listed = await api<{ agencies: { code: string }[] }>(B.url, 'GET', '/api/agencies', liaison);
    expect(listed.json.agencies.map((a) => a.code)).toContain(code);
    console.log(`agencies:changed heard: ${JSON.stringify(heard)}`);
  }, 30_000);
});
