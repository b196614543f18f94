/** Any origin will do: only whether a path stays on it matters. */
const HERE = 'http://portline.invalid';

/**
 * Only same-site paths are followed after sign-in (no open redirect to another host). The path is
 * read as a browser reads it (the URL parser: `\` is `/`, tabs and newlines are dropped), so
 * `/\evil.example` or `/<tab>/evil.example`, which a plain string check lets through, resolve to
 * another host here too and are refused. What is followed is the parsed path, query and fragment.
 */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/')) return '/incidents';
  let u: URL;
  try {
    u = new URL(next, HERE);
  } catch {
    return '/incidents';
  }
  if (u.origin !== HERE || u.pathname === '/login' || u.pathname.startsWith('/login/')) return '/incidents';
  return u.pathname + u.search + u.hash;
}
