import type { EventBody, IncidentEvent } from '../lib/domain/incident/events';
import type { IncidentCommand } from '../lib/domain/incident/commands';
import { decide } from '../lib/domain/incident/decide';
import { applyEvents } from '../lib/domain/incident/evolve';
import { commander, opened, sequence } from '../lib/domain/incident/fixtures';
import type { IncidentState } from '../lib/domain/incident/state';
import { AGENCIES, commandFor } from './payloads';
import { median, percentile } from './stats';

/**
 * Micro-benchmarks of the server's per-command hot path, measured in CPU time
 * of this process only, so a busy machine hardly moves them:
 *   npx tsx bench/micro.ts
 * The bench's writer mix (alternately PostMessage and CreateTask) applied one
 * event at a time, as a server hub does per command, onto an incident that
 * already has `tasks` tasks and as many messages.
 */

function bodies(n: number, from = 0): EventBody[] {
  return Array.from({ length: n }, (_, i) => commandFor(from + i).body);
}

export function liveApplyOnto(tasks: number, tries = 2000, hubMode = false) {
  const log = sequence([opened(AGENCIES), ...bodies(2 * tasks)], { actor: commander });
  let state: IncidentState | null = applyEvents(null, JSON.parse(JSON.stringify(log)) as IncidentEvent[]);
  const extra = JSON.parse(
    JSON.stringify(sequence(bodies(tries, 2 * tasks), { startSeq: log.length + 1 })),
  ) as IncidentEvent[];
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (const ev of extra) {
    const t = performance.now();
    state = hubMode ? applyEventsAsHub(state, ev) : applyEvents(state, [ev]);
    times.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  const sorted = Float64Array.from(times).sort();
  return {
    tasks,
    finalTasks: Object.keys(state!.tasks).length,
    medianUs: median(times) * 1000,
    p99Us: percentile(sorted, 99) * 1000,
    cpuUsPerEvent: (cpu.user + cpu.system) / tries,
  };
}

/** As server/incidents/hub.ts applies a batch onto a state nobody else has read. */
const applyEventsAsHub = (s: IncidentState | null, ev: IncidentEvent) => applyEvents(s, [ev], { handOver: true });

/** decide() of a PostMessage with a new id against a state of `tasks` tasks and as many messages. */
export function decidePostMessage(tasks: number, tries = 2000) {
  const log = sequence([opened(AGENCIES), ...bodies(2 * tasks)], { actor: commander });
  const state = applyEvents(null, log)!;
  const cmds = Array.from({ length: tries }, (_, i) => commandFor(2 * i).command as IncidentCommand);
  const cpu0 = process.cpuUsage();
  for (const cmd of cmds) if (!decide(state, cmd, { knownAgencies: new Set(AGENCIES) }).ok) throw new Error('refused');
  const cpu = process.cpuUsage(cpu0);
  return { cpuUsPerCommand: (cpu.user + cpu.system) / tries };
}

if (require.main === module) {
  for (const n of [100, 1000, 5000]) {
    for (const hub of [false, true]) {
      liveApplyOnto(n, 500, hub); // warm-up
      const r = liveApplyOnto(n, 2000, hub);
      console.log(
        `applyEvents${hub ? ' (handOver, as the hub)' : ''}: one event onto ${n} tasks + ${n} messages: median ${r.medianUs.toFixed(1)} µs, p99 ${r.p99Us.toFixed(1)} µs, CPU ${r.cpuUsPerEvent.toFixed(1)} µs/event`,
      );
    }
    decidePostMessage(n, 500);
    console.log(`decide(PostMessage) against ${n} messages: CPU ${decidePostMessage(n).cpuUsPerCommand.toFixed(1)} µs/command`);
  }
}
