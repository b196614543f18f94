import { describe, expect, it } from 'vitest';
import { fieldPatch, rebaseFields, touched, type Norm } from './edit-fields';

/** A task's editable fields: the title trimmed as sent, the rest as they are. */
interface Fields {
  title: string;
  priority: string;
  dueAt: number | null;
}
const FIELDS = ['title', 'priority', 'dueAt'] as const;
const norm: Norm<Fields> = (field, value) => (field === 'title' ? ((value as string).trim() as typeof value) : value);
const start: Fields = { title: 'Cool tank 7', priority: 'normal', dueAt: null };
/** Someone else, meanwhile: renamed it. */
const live: Fields = { ...start, title: 'Cool tanks 7 and 8' };

describe('edit dialog fields (SPEC CONC1)', () => {
  it('sends only what the person changed from where the dialog started, never another’s change read back', () => {
    const draft = { ...start, priority: 'urgent' };
    expect(fieldPatch(FIELDS, start, draft, live, norm)).toEqual({ priority: 'urgent' });
    // Measured against the task now (the old way), the stale title would have gone too.
    expect(touched('title', live, draft, norm)).toBe(true);
  });

  it('sends a value as sent (trimmed), and nothing for a field typed back, only spaces, or already so', () => {
    expect(fieldPatch(FIELDS, start, { ...start, title: '  Cool tank 7 ' }, live, norm)).toEqual({});
    expect(fieldPatch(FIELDS, start, { ...start, title: ' Cool tank 9 ' }, live, norm)).toEqual({ title: 'Cool tank 9' });
    expect(fieldPatch(FIELDS, start, { ...start, title: live.title }, live, norm)).toEqual({});
    expect(fieldPatch(FIELDS, start, { ...start, dueAt: 5 }, { ...live, dueAt: 5 }, norm)).toEqual({});
  });

  it('after a CONFLICT: untouched fields take the live value, the person’s edits stay, and what changed meanwhile is named', () => {
    const next = rebaseFields(FIELDS, start, { ...start, priority: 'urgent' }, live, norm);
    expect(next).toEqual({ draft: { ...live, priority: 'urgent' }, changed: ['title'] });
    // The second save, from the live base: the person's change only.
    expect(fieldPatch(FIELDS, live, next.draft, live, norm)).toEqual({ priority: 'urgent' });
    // A field both changed keeps the person's value, and is named.
    const both = rebaseFields(FIELDS, start, { ...start, title: 'Mine' }, live, norm);
    expect(both).toEqual({ draft: { ...live, title: 'Mine' }, changed: ['title'] });
  });
});
