'use client';

import { createContext, useContext, type ReactNode } from 'react';

const DisplayTokenContext = createContext<string | undefined>(undefined);

/** Inside a wall screen's view: reads send its display token instead of the session cookie. */
export function DisplayTokenProvider({ token, children }: { token: string; children: ReactNode }) {
  return <DisplayTokenContext.Provider value={token}>{children}</DisplayTokenContext.Provider>;
}

/** The wall screen's display token, or undefined for a signed-in person (who reads with the cookie). */
export function useDisplayToken(): string | undefined {
  return useContext(DisplayTokenContext);
}
