/** Only same-site paths are followed after sign-in (no open redirect to another host). */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/incidents';
  return next;
}
