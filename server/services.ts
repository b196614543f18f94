import type { Agency } from '../lib/domain/agencies';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { REPLAY_LIMITS } from '../lib/protocol/replay';
import { AuditLog } from './audit';
import { DisplayService } from './auth/displays';
import { SessionService } from './auth/sessions';
import { SignInThrottle } from './auth/throttle';
import type { Config } from './config';
import { EventPages } from './http/event-pages';
import { CheckpointCache } from './incidents/checkpoints';
import { IncidentRegistry } from './incidents/registry';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import type { Store } from './store/types';

/** Everything a route or socket handler needs, built once at start-up. */
export interface Services {
  config: Config;
  log: Logger;
  metrics: Metrics;
  store: Store;
  sessions: SessionService;
  displays: DisplayService;
  throttle: SignInThrottle;
  audit: AuditLog;
  registry: IncidentRegistry;
  /** Replay checkpoints (SPEC REV1), fed by the registry's hubs as they apply events. */
  checkpoints: CheckpointCache;
  /** Full pages of the log, ready to send (the events route, replay chunks). */
  eventPages: EventPages;
  agencies: AgencyCache;
}

/**
 * Agencies change rarely; a command must not read them from the store each
 * time. Cached for a few seconds so an edit on another process shows up soon.
 */
export class AgencyCache {
  private cached: { at: number; list: Agency[]; codes: ReadonlySet<string> } | null = null;
  constructor(
    private readonly store: Store,
    private readonly ttlMs = 5000,
  ) {}

  async list(): Promise<Agency[]> {
    return (await this.entry()).list;
  }

  async codes(): Promise<ReadonlySet<string>> {
    return (await this.entry()).codes;
  }

  /** The directory as cached, read again when older than the TTL; the entry itself, which an invalidate() meanwhile does not take away. */
  private async entry(): Promise<{ at: number; list: Agency[]; codes: ReadonlySet<string> }> {
    const now = Date.now();
    if (this.cached && now - this.cached.at <= this.ttlMs) return this.cached;
    const list = await this.store.accounts.listAgencies();
    this.cached = { at: now, list, codes: new Set(list.map((a) => a.code)) };
    return this.cached;
  }

  invalidate(): void {
    this.cached = null;
  }

  /**
   * Which of `codes` are not in the directory. On a miss the directory is read again first: the
   * cached one may not have an agency another process added moments ago.
   */
  async unknown(codes: Iterable<string>): Promise<Set<string>> {
    const asked = [...codes];
    const missing = async () => {
      const known = await this.codes();
      return new Set(asked.filter((c) => !known.has(c)));
    };
    const first = await missing();
    if (first.size === 0) return first;
    this.invalidate();
    return missing();
  }
}

export function createServices(
  config: Config,
  log: Logger,
  metrics: Metrics,
  store: Store,
  onApplied: (incidentId: string, events: IncidentEvent[], seq: number) => void,
): Services {
  // Warm: a replay opened on an incident restored from its stored checkpoints reads all their states in the background.
  const checkpoints = new CheckpointCache(store.events, REPLAY_LIMITS.checkpointEvery, { warm: true });
  return {
    config,
    log,
    metrics,
    store,
    sessions: new SessionService(store, config.sessionMaxMs, config.sessionIdleMs, log),
    displays: new DisplayService(store, log),
    throttle: new SignInThrottle(store, config.signIn),
    audit: new AuditLog(store.audit, config, log),
    registry: new IncidentRegistry(store.events, (incidentId, events, seq, hub) => {
      // The sockets first (SPEC BUS3): the hub's seq has moved, so had the replay's checkpoints
      // thrown before them, its catch-up would find nothing to send again and the boards stay
      // behind. A keeper that failed forgets the incident; a replay folds it from the log (REV6).
      onApplied(incidentId, events, seq);
      if (!hub) return;
      try {
        checkpoints.feedFromHub(hub, events);
      } catch (err) {
        log.error({ err, incidentId, seqs: [events[0]?.seq, seq] }, 'replay checkpoints failed to follow applied events');
        checkpoints.forget(incidentId);
      }
    }, { idleMs: config.hubIdleMs, partEvery: checkpoints.every, log }),
    checkpoints,
    eventPages: new EventPages(store.events, config.replayCacheBytes),
    agencies: new AgencyCache(store),
  };
}
