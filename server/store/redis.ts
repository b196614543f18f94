import { createClient, defineScript, ErrorReply, type CommandParser } from 'redis';
import { keysThenArgs } from './redis-parts';
import type { Agency } from '../../lib/domain/agencies';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { checkBatch } from './append-batch';
import { encodeImport, type ImportLogResult } from './import-log';
import { parseControlMessage, type ControlMessage } from './control-message';
import { createRedisPlanStore, PLAN_SCRIPTS } from './redis-plans';
import { createRedisReviewStore, REVIEW_SCRIPTS, reviewKeys } from './redis-review';
import { createRedisSecurityStores, SECURITY_SCRIPTS } from './redis-security';
import {
  REDIS_UNAVAILABLE_REPLY,
  STALE_MISSED_MAX,
  StoreUnavailableError,
  type AccountStore,
  type AppendResult,
  type ControlBus,
  type EventStore,
  type SessionRecord,
  type Store,
  type StoredAccount,
} from './types';

/** Default cap of the audit stream (MAXLEN ~). */
const AUDIT_MAX_ENTRIES = 100_000;

/** Commands fail after this instead of hanging while Redis is slow or unreachable. */
const COMMAND_TIMEOUT_MS = 3_000;
/**
 * A command Redis has not answered in this long fails as unavailable (SPEC OPS1). node-redis' own
 * timeout (above) ends once the command is written: a Redis that hangs (stopped, its disk stalled)
 * held the command, and every command of that incident queued behind its append, for as long as it
 * hung, and the person's change ended as no answer, or as "incident busy" once it resumed. Under a
 * client's wait for an answer (8 s, lib/client/send-command.ts), so that the person is told the
 * store is unavailable. Redis may still carry the command out once it answers again: an append so
 * ended may have been written (OPS1), as after a connection that broke.
 */
const ANSWER_DEADLINE_MS = 5_000;
/** An import is one script over up to 200,000 events (SPEC REV5): given longer. */
const IMPORT_DEADLINE_MS = 120_000;
/** Default wait for Redis at start-up: it may be starting alongside this process. */
const CONNECT_TIMEOUT_MS = 10_000;
/** /readyz reports not ready when Redis does not answer PING within this. */
const HEALTH_TIMEOUT_MS = 1_000;
/** How long a resync waits for the command client after the bus came back. */
const RESYNC_WAIT_MS = 10_000;
/** Session keys read per MGET when an account's session index is read or pruned. */
const SESSION_READ_CHUNK = 1_000;

/**
 * SPEC SEQ3, CONC2, IDEM1: dedupe, sequence check, write, publish in one script, so publish
 * order equals seq order and two processes can never both append at the same seq.
 * The stored JSON is built by splicing strings: cjson would turn [] into {} and reorder keys.
 * Several commands may go in one call (group commit: one AOF fsync for all of them).
 * SPEC AUTH8: a command sent in a session names that session's key, and nothing is written
 * unless every such key still exists (a session ended is deleted; an expired one is gone).
 * KEYS: log, cmds, incidents, then each session's key once. ARGV: channel, expectedSeq, incidentId,
 * missedMax, backdated ts ('' = Redis' clock), then per command: commandId, its session's
 * index in KEYS (0 = none), event count, event JSON…
 */
const APPEND_LUA = `
local expected = tonumber(ARGV[2])
-- Commands: commandId, session key index, event count, events… repeated from ARGV[6].
local cmds, i = {}, 6
while i <= #ARGV do
  local n = tonumber(ARGV[i + 2])
  cmds[#cmds + 1] = { id = ARGV[i], session = tonumber(ARGV[i + 1]), first = i + 3, n = n }
  i = i + 3 + n
end
-- Each session key once (a group commit's commands mostly share a few sessions).
local gone, alive = {}, {}
for _, c in ipairs(cmds) do
  if c.session > 0 then
    if alive[c.session] == nil then alive[c.session] = redis.call('EXISTS', KEYS[c.session]) == 1 end
    if not alive[c.session] then gone[#gone + 1] = c.id end
  end
end
if #gone > 0 then
  table.insert(gone, 1, 'unauthenticated')
  return gone
end
for _, c in ipairs(cmds) do
  local dup = redis.call('HGET', KEYS[2], c.id)
  if dup then
    if #cmds == 1 then return {'duplicate', dup} end
    -- In a batch, a command applied elsewhere means the caller is behind: treat as stale.
    expected = -1
  end
end
local len = redis.call('LLEN', KEYS[1])
if len ~= expected then
  -- Hand back what the caller missed, so it can re-decide without another read.
  local from = tonumber(ARGV[2])
  if from < len then
    local missed = redis.call('LRANGE', KEYS[1], from, from + tonumber(ARGV[4]) - 1)
    table.insert(missed, 1, len)
    table.insert(missed, 1, 'stale')
    return missed
  end
  return {'stale', len}
end
local now = redis.call('TIME')
local ts = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
-- A backdated ts (the demo seed) is never in the future.
local backdate = tonumber(ARGV[5])
if backdate and backdate < ts then ts = backdate end
if len > 0 then
  local lastTs = tonumber(string.match(redis.call('LINDEX', KEYS[1], -1), '^{"seq":%d+,"ts":(%d+),'))
  if lastTs and lastTs > ts then ts = lastTs end
end
local tsText = string.format('%d', ts)
local out, seq = {'appended'}, expected
for _, c in ipairs(cmds) do
  local seqs = {}
  for k = c.first, c.first + c.n - 1 do
    seq = seq + 1
    local seqText = string.format('%d', seq)
    local json = '{"seq":' .. seqText .. ',"ts":' .. tsText .. ',' .. string.sub(ARGV[k], 2)
    redis.call('RPUSH', KEYS[1], json)
    redis.call('PUBLISH', ARGV[1], json)
    seqs[#seqs + 1] = seqText
    out[#out + 1] = json
  end
  redis.call('HSET', KEYS[2], c.id, '[' .. table.concat(seqs, ',') .. ']')
end
if expected == 0 then
  -- Score = creation ms, bumped past the newest incident so the order is the creation order.
  local newest = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
  local score = ts
  if newest[2] and tonumber(newest[2]) >= score then score = tonumber(newest[2]) + 1 end
  redis.call('ZADD', KEYS[3], 'NX', string.format('%d', score), ARGV[3])
end
return out`;

/**
 * SPEC REV5: an imported log and its review log written verbatim in one script, only
 * if the incident has nothing here (no event, no command id, no review entry).
 * Publishes the last event only: other processes' hubs fill the rest from the log,
 * list watchers get a hint.
 * KEYS: log, cmds, incidents, review list, review ids (redis-review.ts). ARGV:
 * channel, incidentId, score (first ts), command count, review entry count, then
 * commandId, seqs JSON pairs, then entry id, review seq, entry JSON triples in
 * review seq order, then the events' JSON in seq order.
 */
const IMPORT_LUA = `
local len = redis.call('LLEN', KEYS[1])
if len > 0 or redis.call('EXISTS', KEYS[2], KEYS[4], KEYS[5]) > 0 then return {'exists', len} end
local ncmd = tonumber(ARGV[4])
local nreview = tonumber(ARGV[5])
local cmds = 6
local reviews = cmds + 2 * ncmd
local first = reviews + 3 * nreview
local CHUNK = 1000
for i = cmds, reviews - 1, 2 * CHUNK do
  redis.call('HSET', KEYS[2], unpack(ARGV, i, math.min(i + 2 * CHUNK - 1, reviews - 1)))
end
for i = reviews, first - 1, 3 do
  redis.call('RPUSH', KEYS[4], ARGV[i + 2])
  redis.call('HSET', KEYS[5], ARGV[i], ARGV[i + 1])
end
for i = first, #ARGV, CHUNK do
  redis.call('RPUSH', KEYS[1], unpack(ARGV, i, math.min(i + CHUNK - 1, #ARGV)))
end
redis.call('ZADD', KEYS[3], 'NX', ARGV[3], ARGV[2])
redis.call('PUBLISH', ARGV[1], ARGV[#ARGV])
return {'imported', #ARGV - first + 1}`;

/** An account record replaced only if it exists and, when ARGV[2] is not empty, is still ARGV[2] (compare-and-set). */
const ACCOUNT_SET_LUA = `
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
if ARGV[2] ~= '' and cur ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1`;

/** KEYS: account, byname, accounts. ARGV: id, json, '1' = only if there is no account at all. */
const CREATE_ACCOUNT_LUA = `
if ARGV[3] == '1' and redis.call('SCARD', KEYS[3]) > 0 then return 0 end
if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
return 1`;

/** KEYS: agencies hash, order list. ARGV: mode (create|update|seed), then code, json pairs. */
const AGENCY_LUA = `
if ARGV[1] == 'seed' and redis.call('HLEN', KEYS[1]) > 0 then return 0 end
local exists = redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1
if ARGV[1] == 'create' and exists then return 0 end
if ARGV[1] == 'update' then
  if not exists then return 0 end
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
  return 1
end
for i = 2, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then redis.call('RPUSH', KEYS[2], ARGV[i]) end
end
return 1`;

const SCRIPTS = {
  portlineAppend: defineScript({
    // No NUMBER_OF_KEYS: three, and one per command sent in a session, so numkeys is pushed here.
    SCRIPT: APPEND_LUA,
    parseCommand: (parser: CommandParser, keys: readonly string[], args: readonly string[]) => {
      parser.push(String(keys.length));
      keysThenArgs(parser, keys, args);
    },
    transformReply: (reply: unknown) => reply as Array<string | number>,
  }),
  portlineImport: defineScript({
    NUMBER_OF_KEYS: 5,
    SCRIPT: IMPORT_LUA,
    parseCommand: keysThenArgs,
    transformReply: (reply: unknown) => reply as [string, number],
  }),
  portlineAccountSet: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: ACCOUNT_SET_LUA,
    parseCommand: keysThenArgs,
    transformReply: (reply: unknown) => reply === 1,
  }),
  portlineCreateAccount: defineScript({
    NUMBER_OF_KEYS: 3,
    SCRIPT: CREATE_ACCOUNT_LUA,
    parseCommand: keysThenArgs,
    transformReply: (reply: unknown) => reply === 1,
  }),
  portlineAgency: defineScript({
    NUMBER_OF_KEYS: 2,
    SCRIPT: AGENCY_LUA,
    parseCommand: keysThenArgs,
    transformReply: (reply: unknown) => reply === 1,
  }),
  ...SECURITY_SCRIPTS,
  ...REVIEW_SCRIPTS,
  ...PLAN_SCRIPTS,
};

function newClient(url: string) {
  return createClient({
    url,
    scripts: SCRIPTS,
    // Reject at once while disconnected instead of queueing until Redis returns.
    disableOfflineQueue: true,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
    socket: { connectTimeout: 3_000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1_000) },
  });
}
type Client = ReturnType<typeof newClient>;
export type RedisClient = Client;

export async function createRedisStore(opts: {
  url: string;
  keyPrefix?: string;
  /** How long to wait for Redis at start-up before rejecting with StoreUnavailableError. */
  connectTimeoutMs?: number;
  /** @default 100000 */
  auditMaxEntries?: number;
}): Promise<Store> {
  const p = opts.keyPrefix ?? '';
  const key = {
    log: (id: string) => `${p}incident:${id}:log`,
    cmds: (id: string) => `${p}incident:${id}:cmds`,
    summary: (id: string) => `${p}incident:${id}:summary`,
    checkpointMetas: (id: string) => `${p}incident:${id}:checkpoints:meta`,
    checkpointStates: (id: string) => `${p}incident:${id}:checkpoints:state`,
    channel: (id: string) => `${p}incident:${id}`,
    incidents: `${p}incidents`,
    account: (id: string) => `${p}account:${id}`,
    byName: (username: string) => `${p}account:byname:${username.toLowerCase()}`,
    accounts: `${p}accounts`,
    session: (hash: string) => `${p}session:${hash}`,
    sessionById: (id: string) => `${p}session:byid:${id}`,
    sessionsOf: (id: string) => `${p}account:${id}:sessions`,
    agencies: `${p}agencies`,
    agencyOrder: `${p}agencies:order`,
    control: `${p}control`,
  };
  // Glob characters in the prefix must not widen the pattern to other deployments' channels.
  const pattern = `${p.replace(/[*?[\]\\]/g, '\\$&')}incident:*`;

  let closed = false;
  const listeners = new Set<(event: IncidentEvent) => void>();
  const resyncListeners = new Set<() => void>();
  const controlListeners = new Set<(m: ControlMessage) => void>();
  const controlResyncListeners = new Set<() => void>();
  const client = newClient(opts.url);
  const subscriber = client.duplicate();
  // Without an 'error' listener an unreachable Redis would crash the process.
  reportOutages(client, 'commands', () => closed);
  reportOutages(subscriber, 'bus', () => closed);

  const onMessage = (message: string): void => {
    let event: IncidentEvent;
    try {
      event = JSON.parse(message) as IncidentEvent;
    } catch {
      console.error('[store] ignored a malformed bus message');
      return;
    }
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        console.error('[store] subscriber threw', err);
      }
    }
  };

  const onControl = (raw: string): void => {
    const message = parseControlMessage(raw);
    if (!message) {
      console.error('[store] ignored a malformed control message');
      return;
    }
    for (const listener of [...controlListeners]) {
      try {
        listener(message);
      } catch (err) {
        console.error('[store] control listener threw', err);
      }
    }
  };
  const subscriptions: Subscriptions = { pattern, onMessage, channel: key.control, onControl };

  try {
    await withTimeout(
      (async () => {
        await client.connect();
        await subscriber.connect();
        await subscriber.pSubscribe(pattern, onMessage);
        await subscriber.subscribe(key.control, onControl);
      })(),
      opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    );
  } catch (err) {
    closed = true;
    client.destroy();
    subscriber.destroy();
    throw new StoreUnavailableError(`Could not connect to Redis: ${describe(err)}`, { cause: err });
  }
  const warnings = await durabilityWarnings(client);

  // SPEC BUS1: node-redis resubscribes on reconnect, but Socket.IO's docs warn that this has
  // not always held, so check the server's view, resubscribe if needed, then let the server
  // catch up everything it may have missed while the bus was down.
  subscriber.on('ready', () => {
    void (async () => {
      try {
        await ensureSubscribed(subscriber, subscriptions);
      } catch (err) {
        console.error('[store] could not restore the Redis subscription', describe(err));
      }
      await waitUntilReady(client, RESYNC_WAIT_MS);
      if (closed) return;
      for (const listener of [...resyncListeners, ...controlResyncListeners]) {
        try {
          listener();
        } catch (err) {
          console.error('[store] resync listener threw', err);
        }
      }
    })();
  });

  async function call<T>(fn: () => Promise<T>, deadlineMs = ANSWER_DEADLINE_MS): Promise<T> {
    if (closed) throw new StoreUnavailableError('The Redis store is closed');
    try {
      return await withTimeout(fn(), deadlineMs, `no answer from Redis within ${deadlineMs} ms`);
    } catch (err) {
      throw toStoreError(err);
    }
  }
  const parseEvent = (json: string): IncidentEvent => JSON.parse(json) as IncidentEvent;

  const events: EventStore = {
    append(incidentId, expectedSeq, commandId, batch) {
      return events.appendBatch(incidentId, expectedSeq, [{ commandId, events: batch }]);
    },
    async appendBatch(incidentId, expectedSeq, commands, options) {
      const backdate = options?.ts === undefined ? '' : String(options.ts);
      const args = [key.channel(incidentId), String(expectedSeq), incidentId, String(STALE_MISSED_MAX), backdate];
      const keys = [key.log(incidentId), key.cmds(incidentId), key.incidents];
      // Session → its index in KEYS (1-based, as Lua counts): each session once per batch.
      const sessionIndex = new Map<string, number>();
      for (const c of checkBatch(incidentId, expectedSeq, commands, options?.ts)) {
        let k = 0;
        if (c.session !== undefined) {
          k = sessionIndex.get(c.session) ?? keys.push(key.session(c.session));
          sessionIndex.set(c.session, k);
        }
        args.push(c.commandId, String(k), String(c.bodies.length), ...c.bodies);
      }
      const [status, ...rest] = await call(() => client.portlineAppend(keys, args));
      if (status === 'unauthenticated') return { status, commandIds: rest.map(String) };
      if (status === 'duplicate') return { status, seqs: JSON.parse(String(rest[0])) as number[] };
      if (status === 'stale')
        return { status, headSeq: Number(rest[0]), missed: rest.slice(1).map((r) => parseEvent(String(r))) };
      const appended: AppendResult = { status: 'appended', events: rest.map((r) => parseEvent(String(r))) };
      return appended;
    },
    async importLog(incidentId, log, review): Promise<ImportLogResult> {
      const encoded = encodeImport(incidentId, log, review);
      const args = [key.channel(incidentId), incidentId, String(encoded.firstTs), String(encoded.commands.length), String(encoded.review.length)];
      for (const [commandId, seqs] of encoded.commands) args.push(commandId, seqs);
      for (const e of encoded.review) args.push(e.id, String(e.seq), e.json);
      for (const body of encoded.bodies) args.push(body);
      const reviewKey = reviewKeys(p);
      const keys = [key.log(incidentId), key.cmds(incidentId), key.incidents, reviewKey.list(incidentId), reviewKey.ids(incidentId)];
      const [status, headSeq] = await call(() => client.portlineImport(keys, args), IMPORT_DEADLINE_MS);
      return status === 'imported'
        ? { status, headSeq: Number(headSeq), reviewHeadSeq: encoded.review.length }
        : { status: 'exists', headSeq: Number(headSeq) };
    },
    async read(incidentId, fromSeq, limit) {
      return (await events.readJson(incidentId, fromSeq, limit)).map(parseEvent);
    },
    async readJson(incidentId, fromSeq, limit) {
      if (limit <= 0) return [];
      const start = Math.max(1, fromSeq) - 1;
      return call(() => client.lRange(key.log(incidentId), start, start + limit - 1));
    },
    head: (incidentId) => call(() => client.lLen(key.log(incidentId))),
    async getSummary(incidentId) {
      const h = await call(() => client.hGetAll(key.summary(incidentId)));
      return h.seq !== undefined && h.json !== undefined ? { seq: Number(h.seq), json: h.json } : null;
    },
    async putSummary(incidentId, seq, json) {
      await call(() => client.hSet(key.summary(incidentId), { seq: String(seq), json }));
    },
    async putCheckpoints(incidentId, rows) {
      if (rows.length === 0) return;
      const seqOf = (r: { seq: number }) => String(r.seq);
      await call(() =>
        client
          .multi()
          .hSet(key.checkpointMetas(incidentId), Object.fromEntries(rows.map((r) => [seqOf(r), r.meta])))
          .hSet(key.checkpointStates(incidentId), Object.fromEntries(rows.map((r) => [seqOf(r), r.state])))
          .exec(),
      );
    },
    async checkpointMetas(incidentId) {
      const h = await call(() => client.hGetAll(key.checkpointMetas(incidentId)));
      return Object.entries(h)
        .map(([seq, meta]) => ({ seq: Number(seq), meta }))
        .filter((r) => Number.isSafeInteger(r.seq))
        .sort((a, b) => a.seq - b.seq);
    },
    async checkpointState(incidentId, seq) {
      return (await call(() => client.hGet(key.checkpointStates(incidentId), String(seq)))) ?? null;
    },
    async command(incidentId, commandId) {
      const seqs = await call(() => client.hGet(key.cmds(incidentId), commandId));
      return seqs == null ? null : (JSON.parse(seqs) as number[]);
    },
    listIncidentIds: () => call(() => client.zRange(key.incidents, 0, -1)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onResync(listener) {
      resyncListeners.add(listener);
      return () => resyncListeners.delete(listener);
    },
  };

  const getJson = async <T>(k: string): Promise<T | null> => {
    const raw = await call(() => client.get(k));
    return raw === null ? null : (JSON.parse(raw) as T);
  };
  const createAccount = (account: StoredAccount, onlyFirst: boolean): Promise<boolean> => {
    const stored: StoredAccount = { ...account, username: account.username.toLowerCase() };
    const keys = [key.account(stored.id), key.byName(stored.username), key.accounts];
    const args = [stored.id, JSON.stringify(stored), onlyFirst ? '1' : '0'];
    return call(() => client.portlineCreateAccount(keys, args));
  };
  const agencyScript = (mode: 'create' | 'update' | 'seed', agencies: readonly Agency[]): Promise<boolean> => {
    const args = [mode, ...agencies.flatMap((a) => [a.code, JSON.stringify(a)])];
    return call(() => client.portlineAgency([key.agencies, key.agencyOrder], args));
  };

  async function getSession(tokenHash: string): Promise<SessionRecord | null> {
    const session = await getJson<SessionRecord>(key.session(tokenHash));
    // Redis expires the key itself; this covers clock skew between Redis and this process.
    return session && session.expiresAt > Date.now() ? withId(session) : null;
  }
  /** The live sessions among these token hashes, and those the index still names that Redis has expired. */
  async function readSessionRows(hashes: string[]): Promise<{ live: SessionRecord[]; gone: string[] }> {
    const live: SessionRecord[] = [];
    const gone: string[] = [];
    const now = Date.now();
    for (let i = 0; i < hashes.length; i += SESSION_READ_CHUNK) {
      const chunk = hashes.slice(i, i + SESSION_READ_CHUNK);
      const rows = await call(() => client.mGet(chunk.map(key.session)));
      rows.forEach((r, j) => {
        if (r === null) return void gone.push(chunk[j]);
        const s = withId(JSON.parse(r) as SessionRecord);
        if (s.expiresAt > now) live.push(s);
      });
    }
    return { live, gone };
  }
  /**
   * An account's live sessions. The index (a set of token hashes) is pruned on the way: Redis
   * expires a session's key but not its entry in the index, so the hashes whose key is gone
   * leave it. Done on every sign-in (createSession) and every listing, the index holds the live
   * sessions and those ended since the account's last sign-in, instead of one per sign-in ever.
   * A key is never set again once gone (a token hash is new per sign-in), so SREM is safe.
   */
  async function pruneSessionsOf(accountId: string): Promise<SessionRecord[]> {
    const hashes = await call(() => client.sMembers(key.sessionsOf(accountId)));
    const { live, gone } = await readSessionRows(hashes);
    if (gone.length > 0) await call(() => client.sRem(key.sessionsOf(accountId), gone));
    return live;
  }
  async function deleteSessions(accountId: string, sessions: SessionRecord[]): Promise<void> {
    await call(() =>
      client
        .multi()
        .del(sessions.flatMap((s) => [key.session(s.tokenHash), key.sessionById(s.id)]))
        .sRem(key.sessionsOf(accountId), sessions.map((s) => s.tokenHash))
        .exec(),
    );
  }

  const security = createRedisSecurityStores({
    client,
    call,
    prefix: p,
    auditMaxEntries: opts.auditMaxEntries ?? AUDIT_MAX_ENTRIES,
  });
  const control: ControlBus = {
    async publish(message) {
      await call(() => client.publish(key.control, JSON.stringify(message)));
    },
    subscribe(listener) {
      controlListeners.add(listener);
      return () => controlListeners.delete(listener);
    },
    onResync(listener) {
      controlResyncListeners.add(listener);
      return () => controlResyncListeners.delete(listener);
    },
  };

  const accounts: AccountStore = {
    createAccount: (account) => createAccount(account, false),
    createFirstAccount: (account) => createAccount(account, true),
    getAccount: (id) => getJson<StoredAccount>(key.account(id)),
    async getAccountByUsername(username) {
      const id = await call(() => client.get(key.byName(username)));
      return id === null ? null : getJson<StoredAccount>(key.account(id));
    },
    async listAccounts() {
      const ids = await call(() => client.sMembers(key.accounts));
      if (ids.length === 0) return [];
      const rows = await call(() => client.mGet(ids.map(key.account)));
      return rows
        .filter((r): r is string => r !== null)
        .map((r) => JSON.parse(r) as StoredAccount)
        .sort((a, b) => a.createdAt - b.createdAt || a.username.localeCompare(b.username));
    },
    async updateAccount(account, expected) {
      const existing = await getJson<StoredAccount>(key.account(account.id));
      if (!existing) return false;
      if (existing.username !== account.username.toLowerCase()) {
        throw new TypeError('updateAccount: the username of an account cannot change');
      }
      const json = JSON.stringify({ ...account, username: existing.username });
      // Written only if the record is still the one the change was made from (compared in Redis).
      return call(() => client.portlineAccountSet([key.account(account.id)], [json, expected ? JSON.stringify(expected) : '']));
    },
    async createSession(session) {
      const expiration = { type: 'PXAT', value: session.expiresAt } as const;
      await call(() =>
        client
          .multi()
          .set(key.session(session.tokenHash), JSON.stringify(session), { expiration })
          .set(key.sessionById(session.id), session.tokenHash, { expiration })
          .sAdd(key.sessionsOf(session.accountId), session.tokenHash)
          .exec(),
      );
      // The session is written; a failed prune only waits for the next sign-in or listing.
      await pruneSessionsOf(session.accountId).catch(() => undefined);
    },
    getSession,
    async getSessionById(id) {
      const hash = await call(() => client.get(key.sessionById(id)));
      return hash === null ? null : getSession(hash);
    },
    async listSessionsOf(accountId) {
      const sessions = await pruneSessionsOf(accountId);
      return sessions.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    },
    async touchSession(tokenHash, lastSeenAt) {
      const session = await getJson<SessionRecord>(key.session(tokenHash));
      if (!session) return;
      // XX + KEEPTTL: never resurrects a session deleted meanwhile, keeps its expiry.
      const json = JSON.stringify({ ...session, lastSeenAt });
      await call(() => client.set(key.session(tokenHash), json, { condition: 'XX', expiration: 'KEEPTTL' }));
    },
    async deleteSession(tokenHash) {
      const session = await getJson<SessionRecord>(key.session(tokenHash));
      if (session) await deleteSessions(session.accountId, [session]);
    },
    async deleteSessionById(id) {
      const session = await accounts.getSessionById(id);
      if (session) await deleteSessions(session.accountId, [session]);
      return session;
    },
    async deleteSessionsOf(accountId, exceptId) {
      const hashes = await call(() => client.sMembers(key.sessionsOf(accountId)));
      if (hashes.length === 0) return 0;
      const { live } = await readSessionRows(hashes);
      const keep = new Set(live.filter((s) => s.id === exceptId).map((s) => s.tokenHash));
      // SREM only what was read: a session created meanwhile stays indexed.
      const doomed = hashes.filter((h) => !keep.has(h));
      if (doomed.length === 0) return 0;
      const ids = live.filter((s) => !keep.has(s.tokenHash)).map((s) => key.sessionById(s.id));
      const replies = await call(() => {
        const m = client.multi().del(doomed.map(key.session)).sRem(key.sessionsOf(accountId), doomed);
        return (ids.length ? m.del(ids) : m).exec();
      });
      return Number(replies[0]);
    },
    async listAgencies() {
      const [order, all] = await call(() =>
        Promise.all([client.lRange(key.agencyOrder, 0, -1), client.hGetAll(key.agencies)]),
      );
      const rank = new Map(order.map((code, i) => [code, i]));
      return Object.entries(all)
        .sort(([a], [b]) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || a.localeCompare(b))
        .map(([, json]) => JSON.parse(json) as Agency);
    },
    createAgency: (agency) => agencyScript('create', [agency]),
    updateAgency: (agency) => agencyScript('update', [agency]),
    seedAgencies: async (agencies) => {
      if (agencies.length > 0) await agencyScript('seed', agencies);
    },
  };

  return {
    kind: 'redis',
    events,
    review: createRedisReviewStore({ client, call, prefix: p }),
    accounts,
    plans: createRedisPlanStore({ client, call, prefix: p }),
    ...security,
    control,
    async health() {
      if (closed) return { ok: false, detail: 'Redis store closed', reachable: false, subscribed: false };
      const subscribed =
        subscriber.isReady &&
        subscriber.getPubSubListeners('PATTERNS').has(pattern) &&
        subscriber.getPubSubListeners('CHANNELS').has(key.control);
      try {
        // node-redis' timeout ends once a command is written: a Redis that hangs would hang /readyz.
        await withTimeout(client.ping(), HEALTH_TIMEOUT_MS);
      } catch (err) {
        return { ok: false, detail: `Redis unreachable: ${describe(err)}`, reachable: false, subscribed };
      }
      if (!subscribed) return { ok: false, detail: 'Redis bus subscription is not live', reachable: true, subscribed };
      return { ok: true, detail: 'Redis reachable, bus subscribed', reachable: true, subscribed };
    },
    startupWarnings: async () => [...warnings],
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      resyncListeners.clear();
      controlListeners.clear();
      controlResyncListeners.clear();
      // close() waits for replies in flight; a client that is reconnecting has none to wait for.
      await Promise.allSettled([client, subscriber].map((c) => (c.isReady ? c.close() : c.destroy())));
    },
  };
}

/**
 * Sessions stored before sessions had ids (they expire within SESSION_MAX_HOURS): a stable
 * stand-in id, so listing and ending them works; they cannot be revoked by id.
 */
function withId(s: SessionRecord): SessionRecord {
  return s.id ? s : { ...s, id: `legacy-${s.tokenHash.slice(0, 16)}`, address: s.address ?? null, userAgent: s.userAgent ?? null };
}

/**
 * SPEC DUR1: an acknowledged append must survive a Redis restart, and Redis must never evict a key
 * to make room (an evicted log would hand its seqs out again, an evicted command-id set would apply
 * a retried command twice): `noeviction` refuses writes when full instead (typed STORE_UNAVAILABLE).
 */
async function durabilityWarnings(client: Client): Promise<string[]> {
  const warnings: string[] = [];
  try {
    const { appendonly, appendfsync } = await client.configGet('append*');
    if (appendonly !== 'yes' || appendfsync !== 'always')
      warnings.push(
        `Redis runs with appendonly=${appendonly} appendfsync=${appendfsync}: acknowledged commands ` +
          'can be lost if Redis stops. Run it with --appendonly yes --appendfsync always (SPEC DUR1).',
      );
    const { 'maxmemory-policy': policy } = await client.configGet('maxmemory-policy');
    if (policy !== 'noeviction')
      warnings.push(
        `Redis runs with maxmemory-policy=${policy}: once full it deletes keys, incident logs among them, ` +
          'and acknowledged commands are lost. Run it with --maxmemory-policy noeviction (SPEC DUR1).',
      );
    return warnings;
  } catch (err) {
    return [`Could not check Redis persistence settings (CONFIG GET failed: ${describe(err)}); ` +
      'make sure it runs with appendonly yes, appendfsync always and maxmemory-policy noeviction (SPEC DUR1).'];
  }
}

interface Subscriptions {
  /** The incident events (SPEC BUS1). */
  pattern: string;
  onMessage: (m: string) => void;
  /** The control bus (SPEC AUTH8). */
  channel: string;
  onControl: (m: string) => void;
}

async function ensureSubscribed(subscriber: Client, s: Subscriptions): Promise<void> {
  const hasPattern = subscriber.getPubSubListeners('PATTERNS').has(s.pattern);
  const hasChannel = subscriber.getPubSubListeners('CHANNELS').has(s.channel);
  if (!hasPattern) await subscriber.pSubscribe(s.pattern, s.onMessage);
  if (!hasChannel) await subscriber.subscribe(s.channel, s.onControl);
  if (!hasPattern && !hasChannel) return;
  let info: string;
  try {
    info = String(await subscriber.sendCommand(['CLIENT', 'INFO']));
  } catch {
    return; // CLIENT INFO not allowed (ACL, old Redis): node-redis' own resubscription is all we have.
  }
  if (/\bpsub=0\b/.test(info)) {
    await subscriber.pUnsubscribe(s.pattern, s.onMessage);
    await subscriber.pSubscribe(s.pattern, s.onMessage);
  }
  if (/\bsub=0\b/.test(info)) {
    await subscriber.unsubscribe(s.channel, s.onControl);
    await subscriber.subscribe(s.channel, s.onControl);
  }
}

function reportOutages(c: Client, label: string, isClosed: () => boolean): void {
  let down = false;
  // Every failed reconnect attempt emits 'error': log once per outage, not every 100 ms.
  c.on('error', (err: unknown) => {
    if (down || isClosed()) return;
    down = true;
    console.error(`[store] Redis ${label} connection lost (${describe(err)}); reconnecting`);
  });
  c.on('ready', () => {
    if (down) console.error(`[store] Redis ${label} connection restored`);
    down = false;
  });
}

function waitUntilReady(c: Client, ms: number): Promise<void> {
  if (c.isReady) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      c.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    c.on('ready', done);
  });
}

function toStoreError(err: unknown): unknown {
  // A reply error is a real answer from Redis (a bug on our side) unless it says Redis cannot serve now:
  // among those, OOM (at maxmemory under noeviction, docs/operations.md), also from inside a script.
  if (err instanceof ErrorReply && !REDIS_UNAVAILABLE_REPLY.test(err.message)) {
    return err;
  }
  if (err instanceof TypeError || err instanceof StoreUnavailableError) return err;
  return new StoreUnavailableError(`Redis unavailable: ${describe(err)}`, { cause: err });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what = `no connection within ${ms} ms`): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(what)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}
