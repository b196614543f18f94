// Moved to lib/domain/incident/event-kind.ts (the exports in lib/ use it too); kept here for the timeline's imports.
export { agenciesOf, EVENT_KINDS, kindOf, type EventKind } from '@/lib/domain/incident/event-kind';
