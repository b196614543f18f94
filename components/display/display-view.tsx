'use client';

import { useSearchParams } from 'next/navigation';
import { displayHref } from '@/lib/client/display-link';
import { IncidentBoardView } from '@/components/board/incident-board';
import { useDisplayInfo } from './display-context';
import { DisplayIncidentList } from './display-incident-list';

/** One incident's read-only board, or, for an all-active screen, the list (or one of its incidents). */
export function DisplayView() {
  const { principal, token, lang } = useDisplayInfo();
  const chosen = useSearchParams().get('incident');
  if (principal.scope.kind === 'incident')
    return <IncidentBoardView incidentId={principal.scope.incidentId} principal={principal} backHref={null} />;
  if (chosen) return <IncidentBoardView key={chosen} incidentId={chosen} principal={principal} backHref={displayHref({ token, lang })} />;
  return <DisplayIncidentList />;
}
