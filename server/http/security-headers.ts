import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config';

/** A fresh nonce for one page's inline scripts (128 random bits, base64). */
export function scriptNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Headers on every HTTP response: API, Socket.IO polling and Next pages
 * (SPEC AUTH11). No inline script runs unless it carries the page's nonce:
 * Next's app router inlines its bootstrap scripts and marks them with the nonce
 * it reads from the request's own Content-Security-Policy header (the server
 * puts it there, see `nonce`); answers that are not pages get no nonce at all.
 * Inline event handlers (`onerror=`) never run. 'unsafe-eval' only for Next's
 * dev mode. Task titles and messages are rendered as React text, never as
 * HTML, so an injected script has no way in to begin with; the CSP is the
 * second wall.
 */
export function securityHeaders(config: Config, headers: IncomingHttpHeaders, nonce?: string): Record<string, string> {
  const dev = config.next !== false && config.next.dev;
  const sockets = websocketSources(config, headers);
  const csp = [
    "default-src 'self'",
    `script-src 'self'${nonce ? ` 'nonce-${nonce}'` : ''}${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets ? ` ${sockets}` : ''}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  const out: Record<string, string> = {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (config.publicUrl?.startsWith('https:')) out['strict-transport-security'] = 'max-age=15552000';
  return out;
}

/**
 * ws:/wss: of this site for connect-src: older browsers do not count them as
 * 'self'. From PUBLIC_URL, else from the Host header when it looks like a host.
 */
function websocketSources(config: Config, headers: IncomingHttpHeaders): string | null {
  if (config.publicUrl) {
    const u = new URL(config.publicUrl);
    return `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`;
  }
  const host = headers.host;
  if (!host || !/^[a-zA-Z0-9.\-:[\]]{1,255}$/.test(host)) return null;
  return `ws://${host} wss://${host}`;
}
