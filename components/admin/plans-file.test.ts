import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENCIES } from '@/lib/domain/agencies';
import { builtInPlan } from '@/lib/domain/plans';
import { SCENARIOS } from '@/lib/domain/incident/vocabulary';
import type { PlansFile, PlanView } from '@/lib/protocol/plans';
import { importRows, readPlansFile } from './plans-file';

const here: PlanView[] = SCENARIOS.map((s) => ({ ...builtInPlan(s), actions: [...builtInPlan(s).actions], version: 0, updatedAt: null, updatedBy: null }));
const codes = new Set(DEFAULT_AGENCIES.map((a) => a.code));
const file = (plans: PlansFile['plans']): PlansFile => ({ format: 'portline-plans', version: 1, exportedAt: 1_780_000_000_000, plans });
const fire = () => ({ scenario: 'fire' as const, name: builtInPlan('fire').name, actions: [...builtInPlan('fire').actions] });

describe('plans file (SPEC PLAN3)', () => {
  it('reads a file the export writes, and refuses what is not one, saying why', () => {
    const good = file([fire()]);
    expect(readPlansFile(JSON.stringify(good))).toEqual({ ok: true, file: good });
    expect(readPlansFile('{"format":')).toEqual({ ok: false, reason: 'json' });
    expect(readPlansFile(JSON.stringify({ ...good, version: 2 }))).toEqual({ ok: false, reason: 'newer' });
    expect(readPlansFile(JSON.stringify({ events: [] }))).toMatchObject({ ok: false, reason: 'format' });
    // An incident log's line, a plan with a due time of 0, a scenario twice: not a plans file.
    expect(readPlansFile(JSON.stringify({ ...good, plans: [{ ...fire(), actions: [{ ...fire().actions[0], dueMinutes: 0 }] }] }))).toMatchObject({
      ok: false,
      reason: 'format',
      detail: expect.stringContaining('plans.0.actions.0.dueMinutes'),
    });
    expect(readPlansFile(JSON.stringify(file([fire(), fire()])))).toMatchObject({ ok: false, reason: 'format' });
    expect(readPlansFile(JSON.stringify({ ...good, extra: 1 }))).toMatchObject({ ok: false, reason: 'format' });
    // Written later than this computer's clock (beyond five minutes' difference), or at a time no date holds.
    expect(readPlansFile(JSON.stringify({ ...good, exportedAt: good.exportedAt + 6 * 60_000 }), good.exportedAt)).toEqual({ ok: false, reason: 'future' });
    expect(readPlansFile(JSON.stringify({ ...good, exportedAt: good.exportedAt + 4 * 60_000 }), good.exportedAt).ok).toBe(true);
    expect(readPlansFile(JSON.stringify({ ...good, exportedAt: 9e15 }))).toMatchObject({ ok: false, reason: 'format', detail: expect.stringContaining('exportedAt') });
    // Not an object at all.
    expect(readPlansFile('[1,2]')).toMatchObject({ ok: false, reason: 'format' });
    expect(readPlansFile('null')).toMatchObject({ ok: false, reason: 'format' });
  });

  it('says of each plan whether it is the same as here, replaces it, or names agencies this directory lacks', () => {
    const renamed = { ...fire(), name: { zh: '三号保税仓库火灾应急预案', en: 'Bonded warehouse 3 fire plan' } };
    const hazmat = { scenario: 'hazmat' as const, name: builtInPlan('hazmat').name, actions: [...builtInPlan('hazmat').actions] };
    const coast = { scenario: 'other' as const, name: { zh: '船舶搁浅', en: 'Ship aground' }, actions: [{ key: 'cg-1', agency: 'coastguard', title: { zh: '派出巡逻艇', en: 'Send the patrol boat' }, priority: 'urgent' as const, dueMinutes: 10 }] };
    const rows = importRows(file([renamed, hazmat, coast]), here, codes);
    expect(rows.map((r) => [r.plan.scenario, r.outcome, r.unknown])).toEqual([
      ['fire', 'replace', []],
      ['hazmat', 'same', []],
      ['other', 'agencies', ['coastguard']],
    ]);
    // Each row is compared with, and keeps, the plan here as it was read (the import saves from its version).
    expect(rows.map((r) => r.here)).toEqual(['fire', 'hazmat', 'other'].map((s) => here.find((p) => p.scenario === s)));
    // The actions in another order replace it too.
    const reordered = { ...fire(), actions: [...fire().actions].reverse() };
    expect(importRows(file([reordered]), here, codes)[0].outcome).toBe('replace');
  });
});
