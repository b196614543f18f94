import type { SessionEndReason } from '../protocol/socket';

/**
 * The sign-in page's address: `next` is where to return after signing in, `reason`
 * why the session ended (shown translated on the page; `session:ended`).
 */
export function loginPath({ next, reason }: { next?: string; reason?: SessionEndReason } = {}): string {
  const q = new URLSearchParams();
  if (reason) q.set('reason', reason);
  if (next) q.set('next', next);
  const query = q.toString();
  return query ? `/login?${query}` : '/login';
}

/** Where an account with a one-time password is sent until it chooses its own. */
export const PASSWORD_PATH = '/account/password';
