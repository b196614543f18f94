/** React Query keys for live incident data (one factory, used everywhere). */
export const incidentKeys = {
  all: ['incident'] as const,
  live: (incidentId: string) => ['incident', incidentId, 'live'] as const,
};
