'use client';

import { useTranslations } from 'next-intl';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import type { Severity } from '@/lib/domain/incident/vocabulary';
import { assertNever } from '@/lib/domain/errors';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Bi } from './wall-lang';
import { AgencyStatusWord, PhaseWord, Recipient, SeverityName, TaskStatusWord, WallText } from './wall-words';

/** What an event did, in a few words for the wall: labels in the screen's language(s), user text once. */
export function WallEventLine({ event, state }: { event: IncidentEvent; state: IncidentState }) {
  const agencies = useAgencyDirectory();
  const title = (taskId: string) => <q className="font-semibold">{state.tasks[taskId]?.title ?? '…'}</q>;
  const arrow = <span aria-hidden> → </span>;
  switch (event.type) {
    case 'IncidentOpened':
      return <Label k="opened" />;
    case 'IncidentUpdated':
      return <Label k="incidentUpdated" />;
    case 'PhaseChanged':
      return (
        <>
          <Label k="phase" /> <Bi><PhaseWord phase={event.payload.from} /></Bi>
          {arrow}
          <Bi><PhaseWord phase={event.payload.to} /></Bi>
        </>
      );
    case 'SeverityChanged':
      return (
        <>
          <Label k="severity" /> <Level severity={event.payload.from} />
          {arrow}
          <Level severity={event.payload.to} />
        </>
      );
    case 'TaskCreated':
      return (
        <>
          {/* The line starts with the sender's agency (wall-incident.tsx): a task for that same agency is not named twice ("FIRE New task FIRE"). */}
          <Bi><WallText k="ev.taskCreated" /></Bi> {event.payload.agency !== event.actor.agency && <>{agencies.short(event.payload.agency)} </>}<q className="font-semibold">{event.payload.title}</q>
        </>
      );
    case 'TaskEdited':
      return (
        <>
          <Label k="taskEdited" /> {title(event.payload.taskId)}
        </>
      );
    case 'TaskReassigned':
      return (
        <>
          <Label k="taskReassigned" /> {title(event.payload.taskId)} {agencies.short(event.payload.agency.from)}
          {arrow}
          {agencies.short(event.payload.agency.to)}
        </>
      );
    case 'TaskStatusChanged':
      return (
        <>
          {title(event.payload.taskId)} <Bi><TaskStatusWord status={event.payload.from} /></Bi>
          {arrow}
          <strong>
            <Bi><TaskStatusWord status={event.payload.to} /></Bi>
          </strong>
        </>
      );
    case 'MessagePosted':
      return (
        <>
          {event.payload.alert && (
            <span className="mr-[0.3rem] rounded bg-red-700 px-[0.3rem] font-black text-white">
              <Bi><WallText k="alert" /></Bi>
            </span>
          )}
          <span className="text-(--wall-muted)">
            <Bi><Recipient agency={event.payload.toAgency} /></Bi>:
          </span>{' '}
          {event.payload.text}
        </>
      );
    case 'AgencyStatusChanged':
      return (
        <>
          {agencies.short(event.payload.agency)} <Bi><WallText k="ev.agencyStatus" /></Bi>{' '}
          <Bi><AgencyStatusWord status={event.payload.from} /></Bi>
          {arrow}
          <strong>
            <Bi><AgencyStatusWord status={event.payload.to} /></Bi>
          </strong>
        </>
      );
    default:
      return assertNever(event);
  }
}

type TimelineLabel = 'opened' | 'incidentUpdated' | 'phase' | 'severity' | 'taskEdited' | 'taskReassigned';

function Label({ k }: { k: TimelineLabel }) {
  return (
    <span className="text-(--wall-muted)">
      <Bi>
        <TimelineWord k={k} />
      </Bi>
    </span>
  );
}

function TimelineWord({ k }: { k: TimelineLabel }) {
  return <>{useTranslations('timeline.ev')(k)}</>;
}

function Level({ severity }: { severity: Severity }) {
  return (
    <>
      {severity} <Bi><SeverityName severity={severity} /></Bi>
    </>
  );
}
