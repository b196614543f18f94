import type { IncidentEvent } from '../../lib/domain/incident/events';
import type { EventStore } from '../store/types';
import { IncidentHub, RECENT_COMMANDS } from './hub';

/**
 * The incidents this process holds in memory. Loads a hub on first use, feeds
 * it from the bus, and reports every applied batch (for fan-out to sockets).
 */
export class IncidentRegistry {
  private readonly hubs = new Map<string, IncidentHub>();
  private readonly loading = new Map<string, Promise<IncidentHub>>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly store: EventStore,
    /** Called with each applied batch; `seq` is the newest known seq (also for incidents not held here). */
    /** After a hub applied events (its catch-up pages and live events); `hub` is null for an incident not held here. */
    private readonly onApplied: (incidentId: string, events: IncidentEvent[], seq: number, hub: IncidentHub | null) => void,
    /** Command ids each hub keeps in memory (RECENT_COMMANDS; tests make it small). */
    private readonly keepCommands: number = RECENT_COMMANDS,
  ) {
    this.unsubscribe.push(store.subscribe((ev) => this.fromBus(ev)));
    this.unsubscribe.push(store.onResync(() => void this.resyncAll()));
  }

  /**
   * The hub of an existing incident, or null. With `create`, an empty hub for a
   * new incident id is returned (and kept only once the incident exists).
   */
  async get(id: string, opts: { create?: boolean } = {}): Promise<IncidentHub | null> {
    const hub = this.hubs.get(id) ?? (await this.load(id));
    if (hub.exists) {
      this.hubs.set(id, hub);
      return hub;
    }
    return opts.create ? hub : null;
  }

  /** Keeps a hub that became an incident through this process's own append. */
  adopt(hub: IncidentHub): void {
    if (hub.exists && !this.hubs.has(hub.id)) this.hubs.set(hub.id, hub);
  }

  loaded(): IncidentHub[] {
    return [...this.hubs.values()];
  }

  private load(id: string): Promise<IncidentHub> {
    let p = this.loading.get(id);
    if (!p) {
      const hub = new IncidentHub(id, this.store, (h, evs) => this.onApplied(h.id, evs, h.seq, h), this.keepCommands);
      p = hub.load().then(
        () => hub,
        (err: unknown) => {
          throw err;
        },
      );
      p.finally(() => this.loading.delete(id)).catch(() => undefined);
      this.loading.set(id, p);
    }
    return p;
  }

  private fromBus(ev: IncidentEvent): void {
    const hub = this.hubs.get(ev.incidentId);
    if (hub) hub.offer([ev]);
    else this.onApplied(ev.incidentId, [], ev.seq, null); // not held here: only list watchers care
  }

  /** After a bus break: every held incident catches up from the log (SPEC BUS1). */
  async resyncAll(): Promise<void> {
    await Promise.all(this.loaded().map((h) => h.catchUp().catch(() => undefined)));
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }
}
