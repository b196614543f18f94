import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import zh from '@/messages/zh-CN.json';
import { AUDIT_FIELDS, AUDIT_REASONS, auditDetailLines } from './audit-detail-lines';

// SPEC AUTH12: the audit log's details are read in words, and nothing recorded is hidden.
describe('auditDetailLines', () => {
  it('gives each field the server records its kind of value, in a fixed order', () => {
    const lines = auditDetailLines({
      sessionsEnded: 2,
      reason: 'account-changed',
      role: 'liaison',
      agency: 'customs',
      passwordReset: true,
    });
    expect(lines.map((l) => l.field)).toEqual(['reason', 'role', 'agency', 'passwordReset', 'sessionsEnded']);
    expect(lines.map((l) => l.value)).toEqual([
      { kind: 'reason', reason: 'account-changed' },
      { kind: 'role', role: 'liaison' },
      { kind: 'agency', code: 'customs' },
      { kind: 'yes-no', value: true },
      { kind: 'count', n: 2 },
    ]);
  });

  it('reads a lock-out, a display link and an import', () => {
    expect(auditDetailLines({ key: 'address', until: 1_790_000_000_000 }).map((l) => l.value)).toEqual([
      { kind: 'lock', lock: 'address' },
      { kind: 'time', at: 1_790_000_000_000 },
    ]);
    expect(auditDetailLines({ scope: { kind: 'active' } })[0]!.value).toEqual({ kind: 'scope', scope: { kind: 'active' } });
    const id = '0b6c3a52-4a43-4c3e-9b7e-0d3f1f0f6a11';
    expect(auditDetailLines({ scope: { kind: 'incident', incidentId: id } })[0]!.value).toEqual({ kind: 'scope', scope: { kind: 'incident', incidentId: id } });
    const imported = auditDetailLines({ events: 412, reviewEntries: 9, format: 'portline-incident-log', version: 2, exportedAt: 1_790_000_000_000, agenciesCreated: [] });
    expect(imported.map((l) => [l.field, l.value.kind])).toEqual([
      ['events', 'count'],
      ['reviewEntries', 'count'],
      ['format', 'code'],
      ['version', 'count'],
      ['exportedAt', 'time'],
      ['agenciesCreated', 'agencies'],
    ]);
  });

  it('says "no agency" for an agency taken away (null), not the word null', () => {
    expect(auditDetailLines({ agency: null })).toEqual([{ name: 'agency', field: 'agency', value: { kind: 'agency', code: null } }]);
  });

  it('shows a field it does not know, or a known one of another shape, as recorded, after the known ones', () => {
    const lines = auditDetailLines({ shiftLead: { name: 'Wang' }, role: 'pilot', note: 'text', disabled: false });
    expect(lines).toEqual([
      { name: 'disabled', field: 'disabled', value: { kind: 'yes-no', value: false } },
      { name: 'shiftLead', field: null, value: { kind: 'raw', json: '{"name":"Wang"}' } },
      { name: 'role', field: null, value: { kind: 'text', text: 'pilot' } },
      { name: 'note', field: null, value: { kind: 'text', text: 'text' } },
    ]);
    expect(auditDetailLines({ x: null })).toEqual([{ name: 'x', field: null, value: { kind: 'raw', json: 'null' } }]);
    expect(auditDetailLines({})).toEqual([]);
  });

  it('reads every detail object the server records with no field left raw', () => {
    const at = 1_790_000_000_000;
    const id = '0b6c3a52-4a43-4c3e-9b7e-0d3f1f0f6a11';
    const agency = { code: 'bonded', nameZh: '保税区运营', nameEn: 'Bonded zone operator', short: 'BZO', color: '#0f766e' };
    // Each as written by server/http/routes-*.ts, server/auth/reset-password.ts and server/demo/seed-store.ts.
    const recorded: Array<Record<string, unknown>> = [
      { reason: 'unknown-username', usernameLength: 11 },
      { reason: 'wrong-password' },
      { reason: 'disabled' },
      { reason: 'wrong-current-password' },
      { key: 'account', until: at },
      { key: 'address', until: at, usernameLength: 5 },
      { ...agency },
      { ...agency, importedWith: id },
      { color: '#b45309' },
      { nameEn: 'Bonded zone', short: 'BZ' },
      { role: 'liaison', agency: 'customs', displayName: 'Li Wei' },
      { role: 'observer', agency: null, displayName: 'Zhao' },
      { disabled: true, sessionsEnded: 2, reason: 'account-disabled' },
      { disabled: false },
      { role: 'commander', agency: 'fire', passwordReset: true, sessionsEnded: 1, reason: 'password-reset' },
      { displayName: 'Wang', role: 'responder', agency: 'fire', disabled: false, passwordReset: true, sessionsEnded: 0 },
      { passwordReset: true, sessionsEnded: 0, reason: 'password-reset', from: 'console' },
      { accountId: id, address: '127.0.0.1' },
      { accountId: id, address: null },
      { scope: { kind: 'active' } },
      { scope: { kind: 'incident', incidentId: id } },
      { events: 412, format: 'portline-incident-log', version: 1, exportedAt: at, agenciesCreated: ['bonded'] },
      // plan.updated (SPEC PLAN2)
      { version: 2, actionsAdded: ['Check the bonded stock list / 核查保税库存清单'], actionsRemoved: [], actionsEdited: ['Shut off power to the warehouse / 切断仓库电源'], actionsBefore: 13, actionsAfter: 13, renamed: true, reordered: true },
    ];
    for (const details of recorded) {
      const lines = auditDetailLines(details);
      expect(lines.filter((l) => l.field === null || l.value.kind === 'raw'), JSON.stringify(details)).toEqual([]);
      expect(lines).toHaveLength(Object.keys(details).length);
    }
    expect(auditDetailLines({ from: 'console' })[0]!.value).toEqual({ kind: 'origin', origin: 'console' });
    expect(auditDetailLines({ address: null })[0]!.value).toEqual({ kind: 'none' });
    expect(auditDetailLines({ accountId: id })[0]!.value).toEqual({ kind: 'id', id });
  });

  it('has a label for every field and a phrase for every reason in both languages', () => {
    for (const catalogue of [en, zh]) {
      const audit = catalogue.admin.audit as unknown as { fields: Record<string, string>; reasons: Record<string, string>; origins: Record<string, string> };
      expect(Object.keys(audit.fields).sort()).toEqual([...AUDIT_FIELDS].sort());
      expect(Object.keys(audit.reasons).sort()).toEqual([...AUDIT_REASONS].sort());
      expect(Object.keys(audit.origins)).toEqual(['console']);
    }
  });
});
