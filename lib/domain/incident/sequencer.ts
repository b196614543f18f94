import type { IncidentEvent } from './events';

/**
 * Orders events that arrive in any order and more than once (SPEC SYNC2): keeps
 * those past the applied seq, and hands out only the contiguous run that can be
 * applied now. Used by the server's hubs and by every client feed.
 */
export class EventSequencer {
  private readonly pending = new Map<number, IncidentEvent>();

  /** Adds events; returns the run that follows `appliedSeq` without a gap (maybe empty). */
  take(events: readonly IncidentEvent[], appliedSeq: number): IncidentEvent[] {
    for (const ev of events) if (ev.seq > appliedSeq) this.pending.set(ev.seq, ev);
    for (const seq of this.pending.keys()) if (seq <= appliedSeq) this.pending.delete(seq);
    const run: IncidentEvent[] = [];
    for (let next = appliedSeq + 1; this.pending.has(next); next++) {
      run.push(this.pending.get(next) as IncidentEvent);
      this.pending.delete(next);
    }
    return run;
  }

  /** True while events past a gap are waiting: the caller fetches the gap. */
  get waiting(): boolean {
    return this.pending.size > 0;
  }
}
