import { randomUUID } from 'node:crypto';
import type { DisplayScope, Role } from '../../lib/domain/actor';
import { DEFAULT_AGENCIES } from '../../lib/domain/agencies';
import type { IncidentEvent, UnsequencedEvent } from '../../lib/domain/incident/events';
import type { AuditLog } from '../audit';
import { newAccount } from '../auth/accounts';
import { bootstrap } from '../auth/bootstrap';
import { DisplayService } from '../auth/displays';
import { generatePassword, hashPassword } from '../auth/password';
import { SessionService } from '../auth/sessions';
import type { Logger } from '../log';
import type { Store, StoredAccount } from '../store/types';
import { buildDemoDrill, DEMO_AGENCIES, demoAccounts, inLang, type DemoAccount, type DemoDrill, type DemoLang } from './drill';
import { EPIDEMIC_DRILL, WAREHOUSE_FIRE_DRILL } from './earlier-drills';

export interface SeededAccount {
  key: string;
  username: string;
  password: string;
  role: Role;
  agency: string | null;
  displayName: string;
  /** false when the account existed (a second run) and got a fresh password. */
  created: boolean;
}

export interface SeededDemo {
  incidentId: string;
  accounts: SeededAccount[];
  /** The first-run admin, when this seed made it (the store had no account yet). */
  admin: { username: string; password: string } | null;
  displays: { incident: { id: string; token: string }; active: { id: string; token: string } };
  drill: DemoDrill;
  /** The closed drills of scenarios B and C (with `earlier`), oldest first. */
  earlier: Array<{ incidentId: string; title: string; closedAt: number }>;
}

export interface SeedDemoOptions {
  now?: number;
  seed?: number;
  lang?: DemoLang;
  incidentId?: string;
  /** Password of the first-run admin if the store has no account yet; default: a random one. */
  adminPassword?: string;
  /** Records account and display changes like the admin routes do (SPEC AUTH12). */
  audit?: AuditLog;
  /** Also the drills of scenarios B and C, held and closed three days and one day ago (`npm run demo`). */
  earlier?: boolean;
  log: Logger;
}

const DAY = 86_400_000;
/** Scenarios B and C (server/demo/earlier-drills.ts), and how long before `now` each ended. */
const EARLIER = [
  { scenario: EPIDEMIC_DRILL, endsBefore: 3 * DAY },
  { scenario: WAREHOUSE_FIRE_DRILL, endsBefore: DAY },
];

const DISPLAY_NAMES = {
  incident: { zh: '演示 · C3堆场泄漏大屏', en: 'Demo · yard C3 leak wall screen' },
  active: { zh: '演示 · 全部进行中事件', en: 'Demo · all active incidents' },
};
/** Who the audit log and the displays' list name for what the seed wrote (no account: the admin did not make them). */
const SEEDER = { username: 'demo-seed' };

/**
 * Writes the demo drill (server/demo/drill.ts) into a store, and with `earlier` the closed
 * drills of scenarios B and C before it (server/demo/earlier-drills.ts): the default
 * agencies and first-run admin as a first start makes them, one account per
 * demo role (random passwords, not to be changed at first sign-in; an existing
 * account of the same username gets a fresh password and its sessions end),
 * the incident's log through the store's own append with the backdated ts of
 * each command, and two display tokens (this incident; all active ones).
 */
export async function seedDemo(store: Store, opts: SeedDemoOptions): Promise<SeededDemo> {
  const now = opts.now ?? Date.now();
  const lang = opts.lang ?? 'zh-CN';
  const incidentId = opts.incidentId ?? randomUUID();

  const firstRun = (await store.accounts.listAccounts()).length === 0;
  const adminPassword = opts.adminPassword ?? generatePassword();
  await bootstrap(store, adminPassword, opts.log);
  await ensureAgencies(store);

  const accounts: SeededAccount[] = [];
  const stored: Record<string, StoredAccount> = {};
  for (const spec of demoAccounts(lang)) {
    const { account, password, created } = await upsertAccount(store, spec, now, opts.audit);
    stored[spec.key] = account;
    accounts.push({ key: spec.key, username: account.username, password, role: spec.role, agency: spec.agency, displayName: spec.displayName, created });
  }

  const accountIds = Object.fromEntries(Object.entries(stored).map(([k, a]) => [k, a.id]));
  const earlier: SeededDemo['earlier'] = [];
  for (const e of opts.earlier ? EARLIER : []) {
    const held = buildDemoDrill({ now, incidentId: randomUUID(), seed: opts.seed, lang, accountIds, scenario: e.scenario, endAt: now - e.endsBefore });
    await appendDrill(store, held.events);
    earlier.push({ incidentId: held.incidentId, title: held.state.title, closedAt: held.events.at(-1)!.ts });
  }
  const drill = buildDemoDrill({ now, incidentId, seed: opts.seed, lang, accountIds });
  await appendDrill(store, drill.events);

  const displays = new DisplayService(store);
  const make = async (kind: 'incident' | 'active', scope: DisplayScope) => {
    const { record, token } = await displays.create({ name: inLang(DISPLAY_NAMES[kind], lang), scope }, { id: SEEDER.username, ...SEEDER }, now);
    await opts.audit?.record({
      action: 'display.created',
      actor: SEEDER,
      target: { kind: 'display', id: record.id, label: record.name },
      details: { scope },
    });
    return { id: record.id, token };
  };
  return {
    incidentId,
    accounts,
    admin: firstRun ? { username: 'admin', password: adminPassword } : null,
    displays: {
      incident: await make('incident', { kind: 'incident', incidentId }),
      active: await make('active', { kind: 'active' }),
    },
    drill,
    earlier,
  };
}

/** The demo needs its seven agencies even when an admin configured others first. */
async function ensureAgencies(store: Store): Promise<void> {
  const have = new Set((await store.accounts.listAgencies()).map((a) => a.code));
  for (const agency of DEFAULT_AGENCIES) {
    if (DEMO_AGENCIES.includes(agency.code) && !have.has(agency.code)) await store.accounts.createAgency(agency);
  }
}

async function upsertAccount(
  store: Store,
  spec: DemoAccount,
  now: number,
  audit: AuditLog | undefined,
): Promise<{ account: StoredAccount; password: string; created: boolean }> {
  const password = generatePassword();
  const fields = { displayName: spec.displayName, role: spec.role, agency: spec.agency };
  const existing = await store.accounts.getAccountByUsername(spec.username);
  if (!existing) {
    const account = await newAccount({ username: spec.username, ...fields, password, mustChangePassword: false }, now);
    if (await store.accounts.createAccount(account)) {
      await audit?.record({
        action: 'account.created',
        actor: SEEDER,
        target: { kind: 'account', id: account.id, label: account.username },
        details: fields,
      });
      return { account, password, created: true };
    }
    return upsertAccount(store, spec, now, audit); // created meanwhile by someone else: reset it instead
  }
  const account: StoredAccount = {
    ...existing,
    ...fields,
    disabled: false,
    mustChangePassword: false,
    passwordHash: await hashPassword(password),
    updatedAt: now,
    sessionsFrom: Date.now(),
  };
  await store.accounts.updateAccount(account);
  // A new password ends the old sessions everywhere, as an admin's reset does (SPEC AUTH8).
  const ended = await new SessionService(store, 0, 0).endAll(account.id, 'password-reset');
  await audit?.record({
    action: 'account.updated',
    actor: SEEDER,
    target: { kind: 'account', id: account.id, label: account.username },
    details: { ...fields, disabled: false, passwordReset: true, sessionsEnded: ended },
  });
  return { account, password, created: false };
}

/**
 * Appends the log command by command through the store's own append, each with
 * its backdated ts, so dedupe records, the incident index and the bus are
 * written exactly as for a live command. Checks the store kept seq and ts.
 */
async function appendDrill(store: Store, events: readonly IncidentEvent[]): Promise<void> {
  let i = 0;
  while (i < events.length) {
    const first = events[i];
    const group: IncidentEvent[] = [];
    while (i < events.length && events[i].commandId === first.commandId) group.push(events[i++]);
    const bodies = group.map(({ seq: _seq, ts: _ts, ...body }) => body as UnsequencedEvent);
    const r = await store.events.appendBatch(first.incidentId, first.seq - 1, [{ commandId: first.commandId, events: bodies }], {
      ts: first.ts,
    });
    if (r.status !== 'appended') throw new Error(`demo seed: append at seq ${first.seq} answered ${r.status}`);
    const got = r.events.map((e) => `${e.seq}@${e.ts}`).join(',');
    const want = group.map((e) => `${e.seq}@${e.ts}`).join(',');
    if (got !== want) throw new Error(`demo seed: the store wrote ${got}, expected ${want}`);
  }
}
