import type { Actor } from '../actor';
import type { AgencyStatus, IncidentKind, Phase, Priority, Scenario, Severity, TaskStatus } from './vocabulary';

/** A field that changed: old → new, so the timeline can show both. */
export interface Change<T> {
  from: T;
  to: T;
}

export interface TaskFields {
  title: string;
  details: string;
  agency: string;
  assignee: string | null;
  priority: Priority;
  dueAt: number | null;
  location: string;
}

/** The body of each event kind, keyed on `type`. Past tense (SPEC SEQ2). */
export type EventBody =
  | {
      type: 'IncidentOpened';
      payload: {
        title: string;
        description: string;
        kind: IncidentKind;
        scenario: Scenario;
        severity: Severity;
        location: string;
        agencies: string[];
        phase: 'standby' | 'response';
      };
    }
  | {
      type: 'IncidentUpdated';
      payload: {
        title?: Change<string>;
        description?: Change<string>;
        location?: Change<string>;
        agencies?: Change<string[]>;
      };
    }
  | { type: 'PhaseChanged'; payload: Change<Phase> }
  | { type: 'SeverityChanged'; payload: Change<Severity> & { reason: string | null } }
  | { type: 'TaskCreated'; payload: { taskId: string } & TaskFields }
  | {
      type: 'TaskEdited';
      payload: {
        taskId: string;
        title?: Change<string>;
        details?: Change<string>;
        priority?: Change<Priority>;
        dueAt?: Change<number | null>;
        location?: Change<string>;
      };
    }
  | {
      type: 'TaskReassigned';
      payload: { taskId: string; agency: Change<string>; assignee: Change<string | null> };
    }
  | {
      type: 'TaskStatusChanged';
      payload: { taskId: string; reason: string | null } & Change<TaskStatus>;
    }
  | {
      type: 'MessagePosted';
      payload: { messageId: string; text: string; toAgency: string | null; alert: boolean };
    }
  | {
      type: 'AgencyStatusChanged';
      payload: { agency: string } & Change<AgencyStatus | null>;
    };

export type EventType = EventBody['type'];
export const EVENT_TYPES: readonly EventType[] = [
  'IncidentOpened',
  'IncidentUpdated',
  'PhaseChanged',
  'SeverityChanged',
  'TaskCreated',
  'TaskEdited',
  'TaskReassigned',
  'TaskStatusChanged',
  'MessagePosted',
  'AgencyStatusChanged',
];

/** What the server adds before the store assigns `seq` and `ts` (SPEC SEQ1). */
export type UnsequencedEvent = EventBody & {
  incidentId: string;
  /** Event id (uuid). */
  id: string;
  actor: Actor;
  /** The client-generated id of the command that caused it (SPEC IDEM1). */
  commandId: string;
};

/** An event as stored: never edited or deleted (SPEC SEQ2). */
export type IncidentEvent = UnsequencedEvent & {
  /** 1, 2, 3 … per incident, no gaps, assigned by the store. */
  seq: number;
  /** Server timestamp, epoch ms, assigned by the store; never decreases along seq. */
  ts: number;
};

export type EventOf<T extends EventType> = Extract<IncidentEvent, { type: T }>;
