import { describe, expect, it } from 'vitest';
import { AgencyCode } from './agencies';

describe('AgencyCode', () => {
  it('accepts codes like fire, customs, port-2', () => {
    for (const code of ['fire', 'customs', 'port-2']) expect(AgencyCode.safeParse(code).success).toBe(true);
  });

  it('refuses names every object already has, since codes key plain objects (found by the hostile-payload fuzz)', () => {
    for (const code of ['constructor', 'prototype']) expect(AgencyCode.safeParse(code).success).toBe(false);
  });
});
