import type { IncidentState } from '@/lib/domain/incident/state';

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
