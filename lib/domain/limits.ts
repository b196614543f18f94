/** Explicit size limits (SPEC LIM1). Characters are UTF-16 code units as JS counts them. */
export const LIMITS = {
  title: 200,
  details: 4000,
  message: 4000,
  reason: 500,
  location: 200,
  assignee: 100,
  name: 100,
  username: 64,
  passwordMin: 10,
  passwordMax: 200,
  agencyCode: 16,
  /** An agency's short label (FIRE, CUS): a badge beside names, on the wall's columns. */
  agencyShort: 8,
  agenciesPerIncident: 30,
  /** The application's own cap on one encoded inbound payload (bytes). */
  payloadBytes: 32 * 1024,
  /** Socket.IO's maxHttpBufferSize: above it the connection is closed (bytes). */
  socketBufferBytes: 64 * 1024,
  /** Largest page of events returned by one fetch. */
  eventsPage: 1000,
  /** A finding's text (SPEC REV3). */
  findingText: 4000,
  /** An improvement item's action (SPEC REV3). */
  improvementAction: 1000,
  /** Entries in one incident's review log; appends past it are refused (SPEC REV3). */
  reviewEntries: 5000,
  /** An imported incident log (SPEC REV5): at most this many events… */
  importEvents: 200_000,
  /** …and this many bytes of JSON Lines (the request body may add JSON escaping on top, see importBodyBytes). */
  importBytes: 64 * 1024 * 1024,
  /** Actions in one emergency plan (SPEC PLAN2). */
  planActions: 60,
  /** A plan's save request: up to planActions actions of two titles each (bytes). */
  planBodyBytes: 128 * 1024,
  /** A plans file (SPEC PLAN3): every scenario's plan, each at most planBodyBytes (bytes). */
  planFileBytes: 1024 * 1024,
  /** The import request body: { jsonl } with JSON escaping (quotes in every line) on top of importBytes. */
  importBodyBytes: 96 * 1024 * 1024,
} as const;
