import type { IncomingHttpHeaders } from 'node:http';

/**
 * The client's address for throttling, sessions and the audit log (SPEC AUTH9).
 * Behind a reverse proxy (TRUST_PROXY) it is X-Forwarded-For's first hop, so the
 * proxy must set that header itself rather than pass on what the client sent
 * (docs/security.md); otherwise it is the socket's peer address.
 */
export function clientAddress(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trustProxy: boolean): string | null {
  if (trustProxy) {
    const raw = headers['x-forwarded-for'];
    const first = (Array.isArray(raw) ? raw[0] : raw)?.split(',')[0]?.trim();
    if (first && /^[0-9a-fA-F.:[\]]{2,64}$/.test(first)) return normalize(first);
  }
  return remoteAddress ? normalize(remoteAddress) : null;
}

/** "::ffff:10.0.0.5" → "10.0.0.5", so one client is one key whichever stack it came in on. */
function normalize(address: string): string {
  const a = address.replace(/^\[|\]$/g, '');
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** The User-Agent, cut to a length worth keeping. */
export function userAgentOf(headers: IncomingHttpHeaders): string | null {
  const ua = headers['user-agent'];
  if (!ua) return null;
  // eslint-disable-next-line no-control-regex
  return ua.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 256);
}
