'use client';

import { useMemo } from 'react';
import { useIncidents } from '@/lib/client/api/incidents';

/** Incident id → title, for naming what a display shows. */
export function useIncidentTitles(): ReadonlyMap<string, string> {
  const { data } = useIncidents();
  return useMemo(() => new Map((data ?? []).map((i) => [i.id, i.title])), [data]);
}
