import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config';

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function hostOf(headers: IncomingHttpHeaders, config: Config): string | undefined {
  const forwarded = config.trustProxy ? headers['x-forwarded-host'] : undefined;
  return (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? headers.host;
}

/** The sender's Origin: undefined when none was sent (scripts), null when it does not parse. */
function requestOrigin(headers: IncomingHttpHeaders): URL | null | undefined {
  if (!headers.origin) return undefined;
  try {
    return new URL(headers.origin);
  } catch {
    return null;
  }
}

/**
 * HTTP (SPEC AUTH11): an Origin, when sent, must be PUBLIC_URL's origin or name the
 * Host the request was sent to. A browser always sets Host to the site it talks to,
 * so another site's page cannot pass this.
 */
export function httpOriginAllowed(headers: IncomingHttpHeaders, config: Config): boolean {
  const o = requestOrigin(headers);
  if (o === undefined) return true;
  return o !== null && (o.origin === originOf(config.publicUrl) || o.host === hostOf(headers, config));
}

/**
 * Socket.IO handshake (SPEC AUTH11): when a browser sends an Origin it must be
 * PUBLIC_URL's origin, or the Host's when PUBLIC_URL is unset. Scripts send none.
 */
export function socketOriginAllowed(headers: IncomingHttpHeaders, config: Config): boolean {
  const o = requestOrigin(headers);
  if (o === undefined) return true;
  if (o === null) return false;
  const pub = originOf(config.publicUrl);
  return pub ? o.origin === pub : o.host === hostOf(headers, config);
}
