'use client';

import { createContext, useContext } from 'react';
import type { DisplayPrincipal } from '@/lib/domain/actor';
import type { IncidentSummary } from '@/lib/domain/incident/summary';
import type { DisplayLang, DisplayTheme } from '@/lib/client/display-link';

export interface DisplayInfo {
  /** The screen as the permission rules see it: it reads its scope and writes nothing. */
  principal: DisplayPrincipal;
  /** The incidents its token covers, newest first. */
  incidents: IncidentSummary[];
  lang: DisplayLang;
  theme: DisplayTheme;
}

const DisplayInfoContext = createContext<DisplayInfo | null>(null);

export const DisplayInfoProvider = DisplayInfoContext.Provider;

/** Inside a wall screen whose token has been checked. */
export function useDisplayInfo(): DisplayInfo {
  const info = useContext(DisplayInfoContext);
  if (!info) throw new Error('useDisplayInfo outside the display gate');
  return info;
}
