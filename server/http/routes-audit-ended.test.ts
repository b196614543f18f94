import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { StoreUnavailableError } from '../store/types';
import { authRoutes } from './routes-auth';
import type { Route } from './router';
import { securityRoutes } from './routes-security';

/**
 * SPEC AUTH12: a session revoked by an admin, and a sign-out, are audited once the session has
 * ended, even when its account cannot be read then (the store failed between the two): before,
 * the route answered 503 with no audit entry, and a retry found nothing to end (404, or 200 for a
 * sign-out) and audited nothing either. The routes' own handlers, on a store whose account read fails.
 */
const session = { id: 's-1', accountId: 'a-1', tokenHash: 'h', createdAt: 1, lastSeenAt: 1, expiresAt: 2, address: '10.0.0.7', userAgent: null };
const admin = { id: 'admin-1', username: 'admin', role: 'admin' };

function servicesWith(audited: unknown[]) {
  return {
    sessions: { revokeById: async () => session, signOut: async () => session },
    store: { accounts: { getAccount: async () => Promise.reject(new StoreUnavailableError('store away (test)')) } },
    audit: { record: async (entry: unknown) => void audited.push(entry) },
    config: { secureCookies: false, publicUrl: null },
  };
}

function route(routes: Route[], method: string, path: string): Route {
  const r = routes.find((x) => x.method === method && x.path === path);
  if (!r) throw new Error(`${method} ${path}`);
  return r;
}

const req = { headers: {}, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;

describe('an ended session is audited though its account cannot be read (AUTH12)', () => {
  it('an admin revokes a session', async () => {
    const audited: Array<{ action: string; target: { label: string | null } }> = [];
    const ctx = { req, services: servicesWith(audited), auth: { account: admin, session: { id: 'other' } }, principal: { role: 'admin', userId: admin.id }, params: { id: 's-1' }, body: async () => ({}) };
    const answer = await route(securityRoutes, 'POST', '/api/sessions/:id/revoke').handle(ctx as never);
    expect(answer).toMatchObject({ body: { session: { id: 's-1' } } });
    expect(audited).toMatchObject([{ action: 'session.revoked', target: { kind: 'session', id: 's-1', label: null } }]);
  });

  it('a person signs out', async () => {
    const audited: Array<{ action: string }> = [];
    const ctx = { req, services: servicesWith(audited), token: 'tok', body: async () => ({}) };
    await route(authRoutes, 'POST', '/api/auth/sign-out').handle(ctx as never);
    expect(audited).toMatchObject([{ action: 'sign-out', actor: null, target: { kind: 'session', id: 's-1' }, details: { accountId: 'a-1' } }]);
  });
});
