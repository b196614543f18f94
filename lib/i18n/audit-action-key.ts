import type { AuditAction } from '../protocol/http';

/** `sign-in.failed` → `sign-in-failed`: message keys cannot hold dots (they nest). */
export type AuditActionKey = AuditAction extends infer A ? (A extends `${infer H}.${infer T}` ? `${H}-${T}` : A) : never;

export function auditActionKey(action: AuditAction): AuditActionKey {
  return action.replace('.', '-') as AuditActionKey;
}
