import type { Actor } from '../lib/domain/actor';
import type { IncidentCommandInput } from '../lib/domain/incident/commands';
import type { EventBody, IncidentEvent } from '../lib/domain/incident/events';
import { newId } from '../lib/client/new-id';
import { AGENCY_STATUSES } from '../lib/domain/incident/vocabulary';

/**
 * What the writer sends: alternately a message and a new task, as a command
 * post would during an incident. The floor broadcasts the event that Portline
 * would derive from the same command, so both push the same payload.
 */

export const AGENCIES = ['port', 'fire', 'customs', 'medical', 'maritime', 'border', 'police'];

const MESSAGES = [
  '消防一中队已到达C3堆场上风口，正在布设水幕。Fire unit 1 on scene upwind of C3, setting up water curtain.',
  'Gas detector at the C3/C4 boundary reads 12 ppm, rising slowly. Keep the warm zone at 150 m.',
  '海关已暂停C区所有集装箱放行。Customs has held all container releases in zone C until further notice.',
  'Ambulance 2 staged at gate 5; two dock workers being assessed for eye irritation, both stable.',
  'Vessel MSC Aurora asked to delay berthing at berth 7 by two hours; pilot informed.',
];
const TASKS = [
  'Set hot, warm and cold zones around yard block C3',
  '核实泄漏集装箱的危险品申报单 Verify the dangerous-goods declaration',
  'Close the road between gate 4 and gate 6 to all traffic',
  'Decontamination line at the cold-zone edge for responders',
  'Air monitoring downwind at the terminal fence every 15 minutes',
];

export function commandFor(i: number): { command: IncidentCommandInput; body: EventBody } {
  if (i % 2 === 0) {
    const payload = { messageId: newId(), text: MESSAGES[(i / 2) % MESSAGES.length], toAgency: null, alert: false };
    return { command: { type: 'PostMessage', ...payload }, body: { type: 'MessagePosted', payload } };
  }
  const payload = {
    taskId: newId(),
    title: TASKS[((i - 1) / 2) % TASKS.length],
    details: '',
    agency: AGENCIES[i % AGENCIES.length],
    assignee: null,
    priority: 'high' as const,
    dueAt: null,
    location: 'Yard block C3',
  };
  return { command: { type: 'CreateTask', ...payload }, body: { type: 'TaskCreated', payload } };
}

/** The writer's i-th command, and the event Portline derives from it. */
export type CommandsFor = (i: number) => { command: IncidentCommandInput; body: EventBody };

/**
 * The soak's writer (bench/soak.ts): the agencies' statuses, each in turn moved
 * to its next status (notified → en route → on scene → standing down → notified
 * …), so the incident's state keeps its size however long it runs and memory has
 * no reason to grow.
 */
export const steadyCommandFor: CommandsFor = (i) => {
  const agency = AGENCIES[i % AGENCIES.length];
  const round = Math.floor(i / AGENCIES.length);
  const to = AGENCY_STATUSES[round % AGENCY_STATUSES.length];
  const from = round === 0 ? null : AGENCY_STATUSES[(round - 1) % AGENCY_STATUSES.length];
  return { command: { type: 'SetAgencyStatus', agency, status: to }, body: { type: 'AgencyStatusChanged', payload: { agency, from, to } } };
};

/** The event as Portline's store emits it: seq and ts first, then the body, ids and actor (server/store/redis.ts). */
export function eventFor(body: EventBody, seq: number, incidentId: string, actor: Actor, commandId: string): IncidentEvent {
  return { seq, ts: Date.now(), ...body, incidentId, id: newId(), actor, commandId } as IncidentEvent;
}
