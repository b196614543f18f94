import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/password';
import { authRoutes } from './routes-auth';

/**
 * SPEC AUTH8, AUTH9: a sign-in whose account changed while its password was checked (its password
 * changed, or it was disabled) is refused, and stays counted as a failed attempt: the throttle's
 * count is taken back only for a sign-in that succeeds. The route's own handler, on stub services.
 */
const req = { headers: {}, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;

async function signIn(changed: 'password' | 'disabled' | null) {
  const account = { id: 'a-1', username: 'duty', role: 'commander', agency: 'customs', disabled: false, mustChangePassword: false, passwordHash: await hashPassword('right-password-1') };
  const calls: string[] = [];
  const services = {
    config: { trustProxy: false, secureCookies: false, publicUrl: null, sessionMaxMs: 3_600_000 },
    throttle: { attempt: async () => ({ keys: [], locks: [] }), succeed: async () => void calls.push('throttle.succeed') },
    store: {
      accounts: {
        getAccountByUsername: async () => account,
        getAccount: async () =>
          changed === 'password' ? { ...account, passwordHash: 'scrypt$changed' } : changed === 'disabled' ? { ...account, disabled: true } : account,
      },
    },
    sessions: {
      create: async () => ({ token: 'tok', session: { id: 's-1' } }),
      signOut: async () => void calls.push('sessions.signOut'),
    },
    audit: { record: async (e: { action: string }) => void calls.push(`audit ${e.action}`) },
  };
  const log = { warn: () => {}, info: () => {} };
  const route = authRoutes.find((r) => r.method === 'POST' && r.path === '/api/auth/sign-in')!;
  const ctx = { req, services, log, body: async () => ({ username: 'duty', password: 'right-password-1' }) };
  const answer = await route.handle(ctx as never).then(
    () => 'ok',
    (err: { error?: { code: string } }) => err.error?.code ?? String(err),
  );
  return { answer, calls };
}

describe('a sign-in whose account changed while its password was checked (AUTH8, AUTH9)', () => {
  it('is refused and stays counted as a failure: the throttle is not told it succeeded', async () => {
    for (const changed of ['password', 'disabled'] as const) {
      const { answer, calls } = await signIn(changed);
      expect(answer, changed).toBe('UNAUTHENTICATED');
      expect(calls, changed).toEqual(['sessions.signOut', 'audit sign-in.failed']);
    }
  });

  it('one that stands takes its attempt back', async () => {
    const { answer, calls } = await signIn(null);
    expect(answer).toBe('ok');
    expect(calls).toEqual(['throttle.succeed', 'audit sign-in']);
  });
});
