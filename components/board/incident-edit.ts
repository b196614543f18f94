import type { IncidentState } from '@/lib/domain/incident/state';
import { fieldPatch, rebaseFields, type Norm } from '@/lib/client/edit-fields';

/**
 * The "Edit incident" dialog's arithmetic (SPEC CONC1): what the person changed is measured
 * against the values the dialog started from, never against the incident as it is now, so
 * a change someone else made meanwhile is never sent back as the person's own.
 */

export interface IncidentFields {
  title: string;
  description: string;
  location: string;
  agencies: string[];
}

export type IncidentField = keyof IncidentFields;
export type IncidentPatch = Partial<IncidentFields>;

const TEXT_FIELDS = ['title', 'description', 'location'] as const;

/** The editable fields of an incident. */
export function fieldsOf(state: Pick<IncidentState, IncidentField>): IncidentFields {
  return { title: state.title, description: state.description, location: state.location, agencies: [...state.agencies] };
}

/** A field as it would be sent: title and location are trimmed (the schema does too), the description is not. */
const norm: Norm<IncidentFields> = (field, value) => (field === 'title' || field === 'location' ? ((value as string).trim() as typeof value) : value);

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** The agencies the person ticked and unticked, compared with where the dialog started. */
function agencyToggles(base: IncidentFields, draft: IncidentFields): { added: string[]; removed: string[] } {
  return {
    added: draft.agencies.filter((a) => !base.agencies.includes(a)),
    removed: base.agencies.filter((a) => !draft.agencies.includes(a)),
  };
}

/** The live list with the person's toggles applied: live order, unticked ones out, ticked ones added at the end. */
export function applyToggles(live: readonly string[], toggles: { added: readonly string[]; removed: readonly string[] }): string[] {
  const kept = live.filter((a) => !toggles.removed.includes(a));
  return [...kept, ...toggles.added.filter((a) => !kept.includes(a))];
}

/**
 * The UpdateIncident fields to send: only those the person changed relative to `base` (where the
 * dialog started) and that differ from `live` (the incident now). Agencies are the live list plus
 * what the person ticked minus what they unticked, never a whole list read earlier.
 */
export function buildIncidentPatch(base: IncidentFields, draft: IncidentFields, live: IncidentFields): IncidentPatch {
  const patch: IncidentPatch = fieldPatch(TEXT_FIELDS, base, draft, live, norm);
  const agencies = applyToggles(live.agencies, agencyToggles(base, draft));
  if (!sameSet(agencies, live.agencies)) patch.agencies = agencies;
  return patch;
}

/** Agencies that sending `patch` would take out of the incident as it is now. */
export function removedAgencies(patch: IncidentPatch, live: IncidentFields): string[] {
  return patch.agencies ? live.agencies.filter((a) => !patch.agencies!.includes(a)) : [];
}

/**
 * After a CONFLICT: the dialog starts again from the incident as it is now. Every field the
 * person did not touch takes the live value; their own edits (and agency toggles, applied to the
 * live list) stay. `changed` names the fields someone else changed meanwhile.
 */
export function rebase(base: IncidentFields, draft: IncidentFields, live: IncidentFields): { base: IncidentFields; draft: IncidentFields; changed: IncidentField[] } {
  const { draft: next, changed } = rebaseFields<IncidentFields, IncidentField>(TEXT_FIELDS, base, draft, fieldsOf(live), norm);
  next.agencies = applyToggles(live.agencies, agencyToggles(base, draft));
  if (!sameSet(base.agencies, live.agencies)) changed.push('agencies');
  return { base: fieldsOf(live), draft: next, changed };
}
