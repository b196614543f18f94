'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { displayPath } from '@/lib/client/display-link';
import { useDisplayInfo } from './display-context';
import { WallIncident } from './wall-incident';
import { WallOverview } from './wall-overview';

/** One incident's wall view, or, for an all-active screen, the overview (or one of its incidents). */
export function DisplayView() {
  const { principal } = useDisplayInfo();
  const chosen = useSearchParams().get('incident');
  if (principal.scope.kind === 'incident') return <WallIncident incidentId={principal.scope.incidentId} />;
  if (chosen) return <ChosenIncident key={chosen} incidentId={chosen} />;
  return <WallOverview />;
}

/**
 * An all-active screen shown one of its incidents. Once that incident is no longer among the
 * screen's (it closed, or its link was kept past its end), the screen goes back to its overview by
 * itself: nobody stands at a wall to press "back", and the token no longer reads the incident, so
 * it would otherwise wait for it for ever (SPEC AUTH7).
 */
function ChosenIncident({ incidentId }: { incidentId: string }) {
  const { incidents, lang, theme } = useDisplayInfo();
  const router = useRouter();
  const covered = incidents.some((i) => i.id === incidentId);
  useEffect(() => {
    if (!covered) router.replace(displayPath({ lang, theme }));
  }, [covered, router, lang, theme]);
  return covered ? <WallIncident incidentId={incidentId} /> : null;
}
