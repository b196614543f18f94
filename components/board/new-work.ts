import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import type { Severity } from '@/lib/domain/incident/vocabulary';

export type NewWork =
  | { kind: 'assigned'; seq: number; taskId: string; title: string; agency: string; by: string; byAgency: string | null }
  | { kind: 'reassigned'; seq: number; taskId: string; title: string; agency: string; by: string; byAgency: string | null }
  | { kind: 'alert'; seq: number; text: string; by: string; byAgency: string | null; toAgency: string | null }
  | { kind: 'message'; seq: number; text: string; by: string; byAgency: string | null; toAgency: string }
  | { kind: 'severity'; seq: number; from: Severity; to: Severity; reason: string | null; by: string; byAgency: string | null }
  | { kind: 'closed'; seq: number; by: string; byAgency: string | null };

export interface Viewer {
  userId: string;
  agency: string | null;
}

/**
 * What a person should be told of among new events: a task created for their
 * agency or reassigned to it by someone else; an alert posted by anyone else to
 * the whole incident, to their agency, or, for a person of no agency (commander,
 * observer), to any agency; a message addressed to their agency. An alert to
 * another agency is that agency's (it shows on the board, addressed, but does not
 * ring here). Everyone is told when the severity changes (scenario A's III → II when
 * the vapour cloud reaches the quay) and when the incident is closed. Their own
 * actions never notify them.
 */
export function newWorkFor(events: readonly IncidentEvent[], me: Viewer, state: Pick<IncidentState, 'tasks'>): NewWork[] {
  const out: NewWork[] = [];
  for (const ev of events) {
    if (ev.actor.userId === me.userId) continue;
    const by = ev.actor.name;
    const byAgency = ev.actor.agency;
    if (ev.type === 'TaskCreated' && me.agency && ev.payload.agency === me.agency) {
      out.push({ kind: 'assigned', seq: ev.seq, taskId: ev.payload.taskId, title: ev.payload.title, agency: me.agency, by, byAgency });
    } else if (ev.type === 'TaskReassigned' && me.agency && ev.payload.agency.to === me.agency && ev.payload.agency.from !== me.agency) {
      const title = state.tasks[ev.payload.taskId]?.title ?? '';
      out.push({ kind: 'reassigned', seq: ev.seq, taskId: ev.payload.taskId, title, agency: me.agency, by, byAgency });
    } else if (ev.type === 'MessagePosted') {
      const { text, toAgency, alert } = ev.payload;
      const forMe = toAgency === null || me.agency === null || toAgency === me.agency;
      if (alert && forMe) out.push({ kind: 'alert', seq: ev.seq, text, by, byAgency, toAgency });
      else if (!alert && toAgency !== null && toAgency === me.agency) out.push({ kind: 'message', seq: ev.seq, text, by, byAgency, toAgency });
    } else if (ev.type === 'SeverityChanged') {
      out.push({ kind: 'severity', seq: ev.seq, from: ev.payload.from, to: ev.payload.to, reason: ev.payload.reason ?? null, by, byAgency });
    } else if (ev.type === 'PhaseChanged' && ev.payload.to === 'closed') {
      out.push({ kind: 'closed', seq: ev.seq, by, byAgency });
    }
  }
  return out;
}
