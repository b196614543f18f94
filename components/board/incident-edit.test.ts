import { describe, expect, it } from 'vitest';
import { applyToggles, buildIncidentPatch, rebase, removedAgencies, type IncidentFields } from './incident-edit';

const start: IncidentFields = {
  title: 'Hazmat leak, yard block C3',
  description: 'Drums leaking',
  location: 'Container terminal, yard block C3',
  agencies: ['port', 'fire', 'customs'],
};
/** Commander B, meanwhile: the bonded-zone operator added, the description edited. */
const live: IncidentFields = { ...start, description: 'Drums leaking; wind NE 4 m/s', agencies: ['port', 'fire', 'customs', 'bonded'] };

describe('buildIncidentPatch (SPEC CONC1)', () => {
  it('sends only what the person changed relative to where the dialog started, never what someone else changed meanwhile', () => {
    const draft = { ...start, location: '  Yard block C3, row 14 ' };
    expect(buildIncidentPatch(start, draft, live)).toEqual({ location: 'Yard block C3, row 14' });
  });

  it('sends the live agency list with the person’s toggles, so an agency added meanwhile stays', () => {
    const draft = { ...start, agencies: ['port', 'customs', 'medical'] }; // fire unticked, medical ticked
    expect(buildIncidentPatch(start, draft, live)).toEqual({ agencies: ['port', 'customs', 'bonded', 'medical'] });
    expect(removedAgencies(buildIncidentPatch(start, draft, live), live)).toEqual(['fire']);
  });

  it('sends nothing for a field typed back to its start, only spaces around it, or already so on the incident', () => {
    expect(buildIncidentPatch(start, { ...start, title: ` ${start.title} ` }, live)).toEqual({});
    expect(buildIncidentPatch(start, { ...start, description: live.description }, live)).toEqual({});
    expect(buildIncidentPatch(start, { ...start, agencies: ['customs', 'fire', 'port'] }, live)).toEqual({});
    // Ticked by the person and added by someone else meanwhile: nothing left to change.
    expect(buildIncidentPatch(start, { ...start, agencies: [...start.agencies, 'bonded'] }, live)).toEqual({});
  });

  it('keeps the description as typed (not trimmed), like the schema', () => {
    expect(buildIncidentPatch(start, { ...start, description: 'Drums leaking\n' }, start)).toEqual({ description: 'Drums leaking\n' });
  });

  it('an agency taken out meanwhile and ticked by nobody stays out; one the person unticked is not put back', () => {
    const now = { ...start, agencies: ['port', 'fire'] };
    expect(buildIncidentPatch(start, { ...start, agencies: ['port', 'customs'] }, now)).toEqual({ agencies: ['port'] });
  });
});

describe('applyToggles', () => {
  it('keeps the live order and adds ticked agencies at the end, once', () => {
    expect(applyToggles(['a', 'b', 'c'], { added: ['d', 'b'], removed: ['a'] })).toEqual(['b', 'c', 'd']);
  });
});

describe('rebase after a CONFLICT', () => {
  it('takes every untouched field from the incident now, keeps the person’s edits and toggles, and names what changed meanwhile', () => {
    const draft = { ...start, location: 'Yard block C3, row 14', agencies: ['port', 'fire', 'customs', 'medical'] };
    const next = rebase(start, draft, live);
    expect(next.base).toEqual(live);
    expect(next.draft).toEqual({ ...live, location: 'Yard block C3, row 14', agencies: ['port', 'fire', 'customs', 'bonded', 'medical'] });
    expect(next.changed).toEqual(['description', 'agencies']);
    // The second save then sends only the person's own changes.
    expect(buildIncidentPatch(next.base, next.draft, live)).toEqual({ location: 'Yard block C3, row 14', agencies: ['port', 'fire', 'customs', 'bonded', 'medical'] });
  });

  it('a field both changed keeps the person’s value and is named as changed meanwhile', () => {
    const now = { ...start, title: 'Theirs' };
    const next = rebase(start, { ...start, title: 'Mine' }, now);
    expect(next.draft.title).toBe('Mine');
    expect(next.changed).toEqual(['title']);
    expect(buildIncidentPatch(next.base, next.draft, now)).toEqual({ title: 'Mine' });
  });
});
