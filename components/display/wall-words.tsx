'use client';

import { useTranslations } from 'next-intl';
import type { AgencyStatus, IncidentKind, Phase, Priority, Severity, TaskStatus } from '@/lib/domain/incident/vocabulary';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Bi } from './wall-lang';

/** Words that translate themselves, so `<Bi>` can show each in both languages. */

type WallTranslator = ReturnType<typeof useTranslations<'display.wall'>>;
export type WallKey = Parameters<WallTranslator>[0];

/** A label of the wall screen's own catalogue (`display.wall.*`). */
export function WallText({ k, values }: { k: WallKey; values?: Record<string, string | number> }) {
  const t = useTranslations('display.wall');
  return <>{t(k, values as never)}</>;
}

export function TaskStatusWord({ status }: { status: TaskStatus }) {
  return <>{useTranslations('taskStatus')(status)}</>;
}

export function PriorityWord({ priority }: { priority: Priority }) {
  return <>{useTranslations('priority')(priority)}</>;
}

export function AgencyStatusWord({ status }: { status: AgencyStatus | null }) {
  return <>{useTranslations('agencyStatus')(status ?? 'none')}</>;
}

export function PhaseWord({ phase }: { phase: Phase }) {
  return <>{useTranslations('phase')(phase)}</>;
}

/** The level's name ("较大" / "Significant"); the Roman numeral is shown once beside it. */
export function SeverityName({ severity }: { severity: Severity }) {
  return <>{useTranslations('severity.name')(severity)}</>;
}

/** "演练 / DRILL", "实战 / REAL": both languages in either catalogue (SPEC INC5). */
export function KindWord({ kind }: { kind: IncidentKind }) {
  return <>{useTranslations('kind')(kind)}</>;
}

/** "To Fire and Rescue" or "To all", in the active language. */
export function Recipient({ agency, short = false }: { agency: string | null; short?: boolean }) {
  const t = useTranslations('display.wall');
  const agencies = useAgencyDirectory();
  const name = short ? agencies.short(agency ?? '') : agencies.name(agency ?? '');
  return <>{agency ? t('to', { agency: name }) : t('toAll')}</>;
}

/** An agency's full name in the active language (its code if unknown). */
export function AgencyName({ code }: { code: string }) {
  return <>{useAgencyDirectory().name(code)}</>;
}

/**
 * Whom an alert to one agency is for ("To Emergency Medical"), in both languages where the wall
 * shows both (SPEC MSG1); `short` ("To EMS") where a small card has no room for the name.
 */
export function AlertTo({ code, testId, short = false }: { code: string; testId: string; short?: boolean }) {
  return (
    <span data-testid={testId} className="shrink-0">
      <Bi>
        <Recipient agency={code} short={short} />
      </Bi>
    </span>
  );
}
