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
    const imported = auditDetailLines({ events: 412, format: 'portline-incident-log', version: 1, exportedAt: 1_790_000_000_000, agenciesCreated: [] });
    expect(imported.map((l) => [l.field, l.value.kind])).toEqual([
      ['events', 'count'],
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

  it('has a label for every field and a phrase for every reason in both languages', () => {
    for (const catalogue of [en, zh]) {
      const audit = catalogue.admin.audit as unknown as { fields: Record<string, string>; reasons: Record<string, string> };
      expect(Object.keys(audit.fields).sort()).toEqual([...AUDIT_FIELDS].sort());
      expect(Object.keys(audit.reasons).sort()).toEqual([...AUDIT_REASONS].sort());
    }
  });
});
