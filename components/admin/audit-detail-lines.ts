import { ROLES, type Role } from '@/lib/domain/actor';
import { isHexColour } from '@/lib/domain/agencies';
import { SESSION_END_REASONS } from '@/lib/protocol/socket';

/**
 * An audit entry's details as an administrator reads them (SPEC AUTH12): each field the server
 * records gets a label from the catalogue and its value a kind the row formats (a time as a clock
 * time, a role or an agency by name, a reason in words, yes/no), in a fixed order. A field this
 * version does not know (one a newer process wrote during a rolling upgrade) is shown as recorded:
 * its name and its value as JSON, so nothing the log holds is hidden.
 */
export type AuditValue =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'time'; at: number }
  | { kind: 'count'; n: number }
  | { kind: 'yes-no'; value: boolean }
  | { kind: 'role'; role: Role }
  | { kind: 'agency'; code: string | null }
  | { kind: 'agencies'; codes: string[] }
  | { kind: 'reason'; reason: AuditReason }
  | { kind: 'lock'; lock: 'account' | 'address' }
  | { kind: 'scope'; scope: { kind: 'active' } | { kind: 'incident'; incidentId: string } }
  | { kind: 'color'; hex: string }
  | { kind: 'origin'; origin: 'console' }
  | { kind: 'id'; id: string }
  | { kind: 'none' }
  | { kind: 'raw'; json: string };

/** Sign-in failures' reasons and why sessions ended (SESSION_END_REASONS): each has a phrase in `admin.audit.reasons`. */
export const AUDIT_REASONS = ['unknown-username', 'disabled', 'wrong-password', 'wrong-current-password', ...SESSION_END_REASONS] as const;
export type AuditReason = (typeof AUDIT_REASONS)[number];

/** The fields the server records, in the order a row lists them; each has a label in `admin.audit.fields`. */
export const AUDIT_FIELDS = [
  'reason',
  'from',
  'key',
  'until',
  'usernameLength',
  'displayName',
  'role',
  'agency',
  'disabled',
  'passwordReset',
  'sessionsEnded',
  'sessionsEndFailed',
  'accountId',
  'address',
  'scope',
  'code',
  'short',
  'nameZh',
  'nameEn',
  'color',
  'importedWith',
  'events',
  'reviewEntries',
  'format',
  'version',
  'exportedAt',
  'agenciesCreated',
  'actionsAdded',
  'actionsRemoved',
  'actionsEdited',
  'actionsBefore',
  'actionsAfter',
  'renamed',
  'reordered',
] as const;
export type AuditField = (typeof AUDIT_FIELDS)[number];

export interface AuditLine {
  /** The field's name as recorded (a React key, and the label of an unknown field). */
  name: string;
  /** The catalogue label's key, or null for a field this version does not know. */
  field: AuditField | null;
  value: AuditValue;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isTime = (v: unknown): v is number => isCount(v) && v > 0;
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => isString(v) && (list as readonly string[]).includes(v);

/** The value of a known field, or null when it is not of the shape that field has (then it is shown raw). */
function valueOf(field: AuditField, v: unknown): AuditValue | null {
  switch (field) {
    case 'reason':
      return oneOf(AUDIT_REASONS, v) ? { kind: 'reason', reason: v } : null;
    case 'key':
      return v === 'account' || v === 'address' ? { kind: 'lock', lock: v } : null;
    case 'from':
      // scripts/reset-password.ts, on the machine the store is on (SPEC AUTH14).
      return v === 'console' ? { kind: 'origin', origin: v } : null;
    case 'until':
    case 'exportedAt':
      return isTime(v) ? { kind: 'time', at: v } : null;
    case 'usernameLength':
    case 'sessionsEnded':
    case 'events':
    case 'reviewEntries':
    case 'version':
    case 'actionsBefore':
    case 'actionsAfter':
      return isCount(v) ? { kind: 'count', n: v } : null;
    case 'disabled':
    case 'passwordReset':
    case 'sessionsEndFailed':
    case 'renamed':
    case 'reordered':
      return typeof v === 'boolean' ? { kind: 'yes-no', value: v } : null;
    case 'actionsAdded':
    case 'actionsRemoved':
    case 'actionsEdited':
      // An emergency plan's actions, by their titles "English / 中文" (SPEC PLAN2).
      return Array.isArray(v) && v.every(isString) ? (v.length ? { kind: 'text', text: v.join('; ') } : { kind: 'none' }) : null;
    case 'role':
      return oneOf(ROLES, v) ? { kind: 'role', role: v } : null;
    case 'agency':
      return v === null || isString(v) ? { kind: 'agency', code: v } : null;
    case 'agenciesCreated':
      return Array.isArray(v) && v.every(isString) ? { kind: 'agencies', codes: v } : null;
    case 'scope': {
      if (!v || typeof v !== 'object') return null;
      const s = v as { kind?: unknown; incidentId?: unknown };
      if (s.kind === 'active') return { kind: 'scope', scope: { kind: 'active' } };
      if (s.kind === 'incident' && isString(s.incidentId)) return { kind: 'scope', scope: { kind: 'incident', incidentId: s.incidentId } };
      return null;
    }
    case 'color':
      return isString(v) && isHexColour(v) ? { kind: 'color', hex: v } : null;
    case 'displayName':
    case 'nameZh':
    case 'nameEn':
      return isString(v) ? { kind: 'text', text: v } : null;
    case 'address':
      // A session whose socket had no remote address (it had closed) has none.
      return v === null ? { kind: 'none' } : isString(v) ? { kind: 'code', text: v } : null;
    case 'accountId':
    case 'importedWith':
      return isString(v) ? { kind: 'id', id: v } : null;
    case 'code':
    case 'short':
    case 'format':
      return isString(v) ? { kind: 'code', text: v } : null;
    default:
      field satisfies never;
      return null;
  }
}

function raw(v: unknown): AuditValue {
  return isString(v) ? { kind: 'text', text: v } : { kind: 'raw', json: JSON.stringify(v) ?? String(v) };
}

export function auditDetailLines(details: Readonly<Record<string, unknown>>): AuditLine[] {
  const known: AuditLine[] = [];
  const unknown: AuditLine[] = [];
  for (const [name, v] of Object.entries(details)) {
    if (v === undefined) continue;
    const field = oneOf(AUDIT_FIELDS, name) ? name : null;
    const value = field ? valueOf(field, v) : null;
    if (field && value) known.push({ name, field, value });
    else unknown.push({ name, field: null, value: raw(v) });
  }
  known.sort((a, b) => AUDIT_FIELDS.indexOf(a.field!) - AUDIT_FIELDS.indexOf(b.field!));
  return [...known, ...unknown];
}
