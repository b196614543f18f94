'use client';

import { createContext, useContext } from 'react';
import type { DisplayPrincipal } from '@/lib/domain/actor';
import type { DomainError } from '@/lib/domain/errors';
import type { IncidentSummary } from '@/lib/domain/incident/summary';
import type { DisplayLang, DisplayTheme } from '@/lib/client/display-link';

export interface DisplayInfo {
  /** The screen as the permission rules see it: it reads its scope and writes nothing. */
  principal: DisplayPrincipal;
  /** The incidents its token covers, newest first. */
  incidents: IncidentSummary[];
  lang: DisplayLang;
  theme: DisplayTheme;
  /** Why the last reads of that list failed (kept while the list shown stays), or null; and when it was last read. */
  listFailure: DomainError | null;
  listReadAt: number | null;
}

const DisplayInfoContext = createContext<DisplayInfo | null>(null);

export const DisplayInfoProvider = DisplayInfoContext.Provider;

/** Inside a wall screen whose token has been checked. */
export function useDisplayInfo(): DisplayInfo {
  const info = useContext(DisplayInfoContext);
  if (!info) throw new Error('useDisplayInfo outside the display gate');
  return info;
}
