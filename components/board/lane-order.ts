import { isActiveTask, type IncidentState } from '@/lib/domain/incident/state';

/**
 * The person's own agency first, then the incident's agencies in their order,
 * then any agency that left the incident but still holds (finished) tasks.
 */
export function laneOrder(state: Pick<IncidentState, 'agencies' | 'tasks'>, ownAgency: string | null): string[] {
  const codes = [...state.agencies];
  for (const task of Object.values(state.tasks)) if (!codes.includes(task.agency)) codes.push(task.agency);
  if (ownAgency && state.agencies.includes(ownAgency)) return [ownAgency, ...codes.filter((c) => c !== ownAgency)];
  return codes;
}

/**
 * A wall's columns: the incident's agencies, and an agency that left it only while it still holds
 * unfinished tasks (what the room must see). One that left with all its tasks finished has no
 * column: on a day-long incident with agencies rotating in and out, those columns took the width
 * of the ones at work (the board keeps their lanes, for the record).
 */
export function wallLanes(state: Pick<IncidentState, 'agencies' | 'tasks'>): string[] {
  const unfinished = new Set(Object.values(state.tasks).flatMap((t) => (isActiveTask(t) ? [t.agency] : [])));
  return laneOrder(state, null).filter((code) => state.agencies.includes(code) || unfinished.has(code));
}
