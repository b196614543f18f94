import { describe, expect, it } from 'vitest';
import { fieldPatch, rebaseFields, touched, type Norm, startedFrom, takeInConflict } from './edit-fields';

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

describe('an admin dialog taking in a CONFLICT (SPEC AUTH8)', () => {
  type Acc = { name: string; role: string; agency: string | null };
  const asIs = <T,>(_f: keyof T, v: T[keyof T]) => v;

  it('startedFrom: the base values of the fields a patch sends', () => {
    expect(startedFrom<Acc, keyof Acc>({ role: 'responder' }, { name: 'Wang', role: 'liaison', agency: 'customs' })).toEqual({ role: 'liaison' });
    expect(startedFrom<Acc, keyof Acc>({ agency: null }, { name: 'Wang', role: 'liaison', agency: 'customs' })).toEqual({ agency: 'customs' });
  });

  it('takeInConflict: the base becomes the record now, the draft keeps the own edit over it, the fields changed meanwhile are named', () => {
    const base: Acc = { name: 'Wang', role: 'liaison', agency: 'customs' };
    const now: Acc = { name: 'Wang', role: 'observer', agency: null };
    let newBase: Acc | null = null;
    let draft: Acc = { ...base, role: 'responder' };
    let changed: Array<keyof Acc> = [];
    takeInConflict<Acc, keyof Acc>(['name', 'role', 'agency'], base, now, asIs as never, {
      base: (b) => (newBase = b),
      draft: (fn) => (draft = fn(draft)),
      changed: (c) => (changed = c),
    });
    expect(newBase).toEqual(now);
    expect(draft).toEqual({ name: 'Wang', role: 'responder', agency: null });
    expect(changed).toEqual(['role', 'agency']);
  });
});
