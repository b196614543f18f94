/**
 * For the client's tests: an answer as the server writes one whose last member is a page of events
 * (server/http/event-pages.ts `eventsLast`, sendJson): `ok`, then the page's length in characters
 * and its count, the other members, and the events last.
 */
export function eventsLastBody({ events, ...rest }: { events: unknown } & Record<string, unknown>): string {
  const page = JSON.stringify(events);
  const head = JSON.stringify({ ok: true, eventsLength: page.length, eventCount: Array.isArray(events) ? events.length : 0, ...rest });
  return `${head.slice(0, -1)},"events":${page}}`;
}
