import type { Actor } from '../domain/actor';

/** Past this many accounts (or incident ids) kept, those kept are dropped and the sharing starts over. */
const MAX_KEPT = 10_000;

/**
 * Events parsed from JSON each carry their own copy of the incident's id and of their actor
 * (four strings), the same few values over and over: a third of what a parsed event takes on
 * the heap (627 bytes an event of a long incident's log, 426 with these shared). The replay holds
 * a whole incident in the page (100,000 events), and the live board its whole log; the smaller
 * heap is less for the browser's garbage collector to go through while a person moves the
 * slider. `share` replaces each copy, right after parsing and before anyone else holds the
 * events, with the first equal one seen. Events and their actors are never modified
 * (SPEC STATE1), so sharing them cannot change what anyone reads.
 */
export class RepeatSharer {
  private readonly ids = new Map<string, string>();
  private readonly actors = new Map<string, Actor>();

  /** Events (or messages) of one incident, changed in place; returns them. */
  share<T extends { incidentId?: string; actor?: Actor | null }>(items: T[]): T[] {
    for (const item of items) {
      if (typeof item.incidentId === 'string') item.incidentId = this.id(item.incidentId);
      if (item.actor) item.actor = this.actor(item.actor);
    }
    return items;
  }

  actor(a: Actor): Actor {
    const held = this.actors.get(a.userId);
    if (held && held.name === a.name && held.agency === a.agency && held.role === a.role) return held;
    if (this.actors.size >= MAX_KEPT) this.actors.clear();
    // The newest version of an account (renamed, moved to another agency) is the one shared from now on.
    this.actors.set(a.userId, a);
    return a;
  }

  private id(id: string): string {
    const held = this.ids.get(id);
    if (held !== undefined) return held;
    if (this.ids.size >= MAX_KEPT) this.ids.clear();
    this.ids.set(id, id);
    return id;
  }
}

/** The page's one sharer: the replay's loaders and the live feed. */
export const repeats = new RepeatSharer();
