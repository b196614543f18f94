import type { IncidentEvent } from '@/lib/domain/incident/events';

/**
 * Every agency that took part in the incident at any time, in the order it joined: those it
 * opened with, then each one an update brought in (one taken out since still took part).
 */
export function participatingAgencies(events: readonly IncidentEvent[] | undefined): string[] {
  const first = events?.[0];
  const codes = new Set<string>(first?.type === 'IncidentOpened' ? first.payload.agencies : []);
  for (const ev of events ?? []) if (ev.type === 'IncidentUpdated' && ev.payload.agencies) ev.payload.agencies.to.forEach((c) => codes.add(c));
  return [...codes];
}

/**
 * What the ICS 214 page shows for its `?agency=`: `none` when no agency is chosen (no or an empty
 * `?agency=`: the page asks for one and shows no sheet), `took-part` for one of the incident's
 * agencies, `not-part` for a code that never took part (the sheet, empty, with a notice saying so).
 */
export type Ics214Choice = 'none' | 'took-part' | 'not-part';

export function ics214Choice(agency: string, participating: readonly string[]): Ics214Choice {
  if (agency.trim() === '') return 'none';
  return participating.includes(agency) ? 'took-part' : 'not-part';
}
