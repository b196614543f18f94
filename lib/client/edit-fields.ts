/**
 * SPEC CONC1 for a dialog that edits some fields of one thing (the incident, a task): what the
 * person changed is measured against the values the dialog started from (`base`), never against
 * the thing as it is now (`live`), so a change someone else made meanwhile is never sent back as
 * the person's own; and after a CONFLICT the dialog starts again from the thing as it is now.
 */

/** A field's value as it would be sent (a title trimmed, as the schema does). */
export type Norm<T> = <K extends keyof T>(field: K, value: T[K]) => T[K];
const asIs = <T>(): Norm<T> => (_field, value) => value;

/** Did the person change this field, compared with where the dialog started? */
export function touched<T, K extends keyof T>(field: K, base: T, draft: T, norm: Norm<T> = asIs<T>()): boolean {
  return norm(field, draft[field]) !== norm(field, base[field]);
}

/** The fields to send: those the person changed (from `base`) that differ from `live`, as sent (normed). */
export function fieldPatch<T, K extends keyof T>(fields: readonly K[], base: T, draft: T, live: T, norm: Norm<T> = asIs<T>()): Partial<Pick<T, K>> {
  const patch: Partial<Pick<T, K>> = {};
  for (const field of fields) {
    const value = norm(field, draft[field]);
    if (touched(field, base, draft, norm) && value !== live[field]) patch[field] = value;
  }
  return patch;
}

/**
 * After a CONFLICT: every field the person did not touch takes the live value, their own edits
 * stay; `changed` names the fields someone else changed meanwhile. The new base is `live`.
 */
export function rebaseFields<T, K extends keyof T>(fields: readonly K[], base: T, draft: T, live: T, norm: Norm<T> = asIs<T>()): { draft: T; changed: K[] } {
  const next = { ...live };
  for (const field of fields) if (touched(field, base, draft, norm)) next[field] = draft[field];
  return { draft: next, changed: changedBetween(fields, base, live) };
}

/** The fields whose value differs between where a form started (`base`) and the thing now (`live`). */
function changedBetween<T, K extends keyof T>(fields: readonly K[], base: T, live: T): K[] {
  return fields.filter((field) => base[field] !== live[field]);
}

/** The values the form started from (`base`) for the fields a patch sends: its `expected` (SPEC AUTH8). */
export function startedFrom<T, K extends keyof T>(patch: Partial<Pick<T, K>>, base: T): Partial<Pick<T, K>> {
  return Object.fromEntries(Object.keys(patch).map((f) => [f, base[f as K]])) as Partial<Pick<T, K>>;
}

/**
 * A CONFLICT that named the thing as it is now (`now`), taken into a form: its base becomes `now`,
 * its draft keeps the person's own edits over it (rebaseFields, on the draft as it is when this
 * runs), and the fields someone else changed are named.
 */
export function takeInConflict<T, K extends keyof T>(
  fields: readonly K[],
  base: T,
  now: T,
  norm: Norm<T>,
  set: { base: (next: T) => void; draft: (fn: (draft: T) => T) => void; changed: (fields: K[]) => void },
): void {
  set.base(now);
  set.draft((draft) => rebaseFields(fields, base, draft, now, norm).draft);
  set.changed(changedBetween(fields, base, now));
}
