import { newId } from '../../lib/client/new-id';
import { connect, createUser, hazmatIncident, signIn, submit } from '../../server/testing/client';

/** Accounts and an open hazmat drill (scenario A), made through the real API. */
export async function seedHazmatDrill(url: string, agencies = ['port', 'fire', 'customs', 'medical', 'maritime', 'border', 'police']) {
  const admin = await signIn(url);
  // One app serves several specs of a worker: usernames get a per-seed suffix.
  const tag = Math.random().toString(36).slice(2, 6);
  const names = { fire: `wang.fire.${tag}`, customs: `li.customs.${tag}`, observer: `zhao.observer.${tag}` };
  const users = {
    fire: await createUser(url, admin, names.fire, 'responder', 'fire'),
    customs: await createUser(url, admin, names.customs, 'responder', 'customs'),
    observer: await createUser(url, admin, names.observer, 'observer', null),
  };
  const s = await connect(url, admin);
  const incidentId = newId();
  const ack = await submit(s, incidentId, hazmatIncident(agencies));
  if (!ack.ok) throw new Error(`seed failed: ${ack.error.code}`);
  s.close();
  const password = (name: string) => `${name}-password-ok`;
  return { incidentId, admin, users, names, password };
}
