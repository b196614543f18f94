'use client';

import { useSearchParams } from 'next/navigation';
import { useDisplayInfo } from './display-context';
import { WallIncident } from './wall-incident';
import { WallOverview } from './wall-overview';

/** One incident's wall view, or, for an all-active screen, the overview (or one of its incidents). */
export function DisplayView() {
  const { principal } = useDisplayInfo();
  const chosen = useSearchParams().get('incident');
  if (principal.scope.kind === 'incident') return <WallIncident incidentId={principal.scope.incidentId} />;
  if (chosen) return <WallIncident key={chosen} incidentId={chosen} />;
  return <WallOverview />;
}
