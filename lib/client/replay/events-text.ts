import type { IncidentEvent } from '../../domain/incident/events';
import type { ReplayChunk } from '../../protocol/replay';

/** What the replay engine reads of a chunk's events: an array, or `EventsText`. */
export interface EventList {
  readonly length: number;
  slice(start?: number, end?: number): IncidentEvent[];
}

/** A chunk as the replay engine holds it: its events parsed, or kept as the answer's text. */
export type HeldChunk = Omit<ReplayChunk, 'events'> & { events: EventList };

/** How many chunks' events are kept parsed at once: the shown moment's, the one before it (the timeline's), and two more. */
export const PARSED_KEPT = 4;
/** Parsed events, least recently read first. */
const parsed = new Map<EventsText, IncidentEvent[]>();

/**
 * A chunk's events kept as the JSON text the server sent (one string), parsed when a moment
 * needs them and kept parsed for the last PARSED_KEPT chunks read. Parsed as they came, the
 * background fill's chunks (a thousand events each, held for the page's life) were the objects
 * the page's young-generation collections had to copy: 10–30 ms collections, one of which could
 * fall inside a person's move (docs/performance.md). A string is one object, never copied.
 */
export class EventsText implements EventList {
  constructor(
    private readonly text: string,
    /** The number of events the server said the text holds (`read` checks it). */
    readonly length: number,
    /** Parses and checks the text (throws on a bad one, as a bad answer does). */
    private readonly read: (text: string, count: number) => IncidentEvent[],
  ) {}

  slice(start?: number, end?: number): IncidentEvent[] {
    let list = parsed.get(this);
    if (list) parsed.delete(this);
    else list = this.read(this.text, this.length);
    parsed.set(this, list);
    while (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value as EventsText);
    return list.slice(start, end);
  }

  /** All its events for one use (the fill's fold), not kept parsed for later. */
  once(): readonly IncidentEvent[] {
    return parsed.get(this) ?? this.read(this.text, this.length);
  }
}

/**
 * Lets go of the parsed lists of these lists (an engine's `stop`, with its own chunks: the page
 * went away), or of every one. The lists are kept per page load, not per engine, so without this
 * the last PARSED_KEPT chunks read stayed in memory after the replay page was left; an engine lets
 * go of only its own, so one stopping does not drop what a newer engine on the page has parsed.
 */
export function forgetParsed(lists?: Iterable<EventList>): void {
  if (!lists) return parsed.clear();
  for (const list of lists) if (list instanceof EventsText) parsed.delete(list);
}

/** All of a list's events, to fold once: an array as it is, a text parsed and not kept. */
export const eventsOnce = (events: EventList): readonly IncidentEvent[] =>
  events instanceof EventsText ? events.once() : (events as readonly IncidentEvent[]);
