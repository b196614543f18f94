'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useMemo } from 'react';
import type { IncidentSummary } from '@/lib/domain/incident/summary';
import { useIncidents } from '@/lib/client/api/incidents';

/**
 * An incident as the admin screens name it: its title after its kind ("演练 / DRILL · Hazmat
 * leak…"), so a drill is never taken for a real incident of a like title (SPEC INC5).
 */
export function useIncidentLabel(): (incident: Pick<IncidentSummary, 'kind' | 'title'>) => string {
  const kind = useTranslations('kind');
  const t = useTranslations('admin');
  return useCallback((incident) => t('incidentLabel', { kind: kind(incident.kind), title: incident.title }), [kind, t]);
}

/** Incident id → its label (useIncidentLabel), for naming what a display shows. */
export function useIncidentTitles(): ReadonlyMap<string, string> {
  const { data } = useIncidents();
  const label = useIncidentLabel();
  return useMemo(() => new Map((data ?? []).map((i) => [i.id, label(i)])), [data, label]);
}
