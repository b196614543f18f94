import type { Actor } from '../actor';
import type { EventBody, IncidentEvent } from './events';

/** Test and seed helpers: sequence event bodies the way a store would. */
export const INCIDENT_ID = '00000000-0000-4000-8000-000000000001';
export const commander: Actor = { userId: 'u-cmd', name: 'Commander Li', agency: null, role: 'commander' };
export const fireResponder: Actor = { userId: 'u-fire', name: 'Wang (Fire)', agency: 'fire', role: 'responder' };

export function sequence(
  bodies: readonly EventBody[],
  opts: { actor?: Actor; startSeq?: number; startTs?: number; incidentId?: string } = {},
): IncidentEvent[] {
  const start = opts.startSeq ?? 1;
  const t0 = opts.startTs ?? 1_790_000_000_000;
  return bodies.map(
    (b, i) =>
      ({
        ...b,
        incidentId: opts.incidentId ?? INCIDENT_ID,
        id: `ev-${start + i}`,
        seq: start + i,
        ts: t0 + (start + i) * 1000,
        actor: opts.actor ?? commander,
        commandId: `cmd-${start + i}`,
      }) as IncidentEvent,
  );
}

export const opened = (agencies = ['fire', 'customs', 'port']): EventBody => ({
  type: 'IncidentOpened',
  payload: {
    title: 'Hazmat leak, yard block C3',
    description: '',
    kind: 'drill',
    scenario: 'hazmat',
    severity: 'III',
    location: 'Yard C3',
    agencies,
    phase: 'response',
  },
});

export const taskCreated = (taskId: string, agency = 'fire', title = 'Gas detection'): EventBody => ({
  type: 'TaskCreated',
  payload: { taskId, title, details: '', agency, assignee: null, priority: 'high', dueAt: null, location: '' },
});
