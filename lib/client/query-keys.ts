/** Query key factories: one place that names every cached thing. */
export const queryKeys = {
  me: () => ['me'] as const,
  agencies: () => ['agencies'] as const,
  /** The installation's emergency plans (SPEC PLAN2). */
  plans: () => ['plans'] as const,
  accounts: () => ['accounts'] as const,
  /** A message catalogue other than the page's own (useOtherCatalogue). */
  catalogue: (locale: string) => ['catalogue', locale] as const,
  /** One account's live sessions (admin). */
  sessions: (accountId: string) => ['sessions', accountId] as const,
  /** Every account's session lists (a prefix of `sessions`). */
  allSessions: () => ['sessions'] as const,
  /** Display screens (admin). */
  displays: () => ['displays'] as const,
  /** The audit log, page by page (admin). */
  audit: () => ['audit'] as const,
  /** What a wall screen's token covers (the screen itself). */
  displayIncidents: () => ['display', 'incidents'] as const,
  incidents: {
    all: () => ['incidents'] as const,
    list: () => ['incidents', 'list'] as const,
    detail: (id: string) => ['incidents', 'detail', id] as const,
    /** Findings and the improvement plan (issue #5). */
    review: (id: string) => ['incidents', 'review', id] as const,
    /** Its metrics (SPEC REV2). */
    metrics: (id: string) => ['incidents', 'metrics', id] as const,
    /** Its replay index (ticks, SPEC REV1). */
    replayIndex: (id: string) => ['incidents', 'detail', id, 'replay'] as const,
    /** Its whole log (the ICS 214 sheet). */
    log: (id: string) => ['incidents', 'detail', id, 'log'] as const,
  },
};
