import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next';

describe('where sign-in goes next: only a path of this site', () => {
  it('AUTH11: keeps a path of this site, with its query and fragment', () => {
    expect(safeNextPath('/incidents/6f0f4e8e-8f4b-4d53-9d8f-0c5bd8d2a001?view=board#lane-fire')).toBe('/incidents/6f0f4e8e-8f4b-4d53-9d8f-0c5bd8d2a001?view=board#lane-fire');
    expect(safeNextPath('/admin')).toBe('/admin');
  });

  it('AUTH11: anything a browser would resolve to another host, or back to sign-in, goes to the incident list', () => {
    for (const next of [null, '', 'https://evil.example/', '//evil.example', '/\\evil.example', '/\t/evil.example', '\\/evil.example', 'javascript:alert(1)', '/login', '/login?next=/x', 'incidents'])
      expect([next, safeNextPath(next)]).toEqual([next, '/incidents']);
  });
});
