import { PRINCIPAL_ROLES, type Principal, type PrincipalRole } from './actor';
import { assertNever } from './errors';
import { COMMAND_TYPES, IncidentCommand, type CommandType, type IncidentCommandInput } from './incident/commands';
import { replay } from './incident/evolve';
import { opened, sequence, taskCreated } from './incident/fixtures';
import type { IncidentState } from './incident/state';
import type { AgencyStatus, Phase, Severity } from './incident/vocabulary';
import {
  ADMIN_ACTIONS,
  authorize,
  authorizeAdmin,
  authorizeReview,
  canReadIncident,
  REVIEW_ACTIONS,
  type AdminAction,
  type ReviewAction,
} from './permissions';

/**
 * The permission matrix as data: `authorize` evaluated for every role × command ×
 * agency relation. scripts/security-matrix.ts prints it into docs/security.md,
 * and the server's matrix test (server/access-matrix.test.ts) checks that a real
 * server does exactly this over Socket.IO. Pure: no I/O.
 */

/** How the command's target relates to the principal's agency. */
export const RELATIONS = ['own', 'other', 'none'] as const;
export type Relation = (typeof RELATIONS)[number];
export const RELATION_LABELS: Record<Relation, string> = {
  own: 'own agency',
  other: 'other participating agency',
  none: 'agency not participating',
};

/** Agencies used by the matrix: accounts belong to OWN. */
export const MATRIX_AGENCIES = { own: 'fire', other: 'customs', third: 'port' } as const;

/** Everything a sample command needs to be valid against the incident it targets. */
export interface MatrixTarget {
  /** Agencies of the incident (for OpenIncident: of the new incident). */
  incidentAgencies: string[];
  /** The agency the command is about. */
  agency: string;
  /** An open task of that agency and its version. */
  task: { id: string; version: number };
  incidentVersion: number;
  phase: Phase;
  severity: Severity;
  agencyStatus: AgencyStatus | null;
  newId: () => string;
}

/**
 * One command of each type that the decision accepts when the target is as
 * described, so "allowed" can be checked as "applied" (one event appended).
 */
export function sampleCommand(type: CommandType, t: MatrixTarget): IncidentCommandInput {
  const tag = t.newId().slice(0, 8);
  switch (type) {
    case 'OpenIncident':
      return { type, title: `Matrix ${tag}`, kind: 'drill', scenario: 'other', severity: 'IV', agencies: t.incidentAgencies };
    case 'UpdateIncident':
      return { type, expectedVersion: t.incidentVersion, title: `Updated ${tag}` };
    case 'ChangePhase':
      return { type, expectedVersion: t.incidentVersion, phase: t.phase === 'response' ? 'containment' : 'response' };
    case 'ChangeSeverity':
      return { type, expectedVersion: t.incidentVersion, severity: t.severity === 'II' ? 'III' : 'II' };
    case 'CreateTask':
      return { type, taskId: t.newId(), title: `Task ${tag}`, agency: t.agency };
    case 'EditTask':
      return { type, taskId: t.task.id, expectedVersion: t.task.version, title: `Edited ${tag}` };
    case 'ReassignTask':
      return { type, taskId: t.task.id, expectedVersion: t.task.version, agency: t.agency, assignee: `Duty officer ${tag}` };
    case 'ChangeTaskStatus':
      return { type, taskId: t.task.id, expectedVersion: t.task.version, to: 'acknowledged' };
    case 'PostMessage':
      return { type, messageId: t.newId(), text: `Message ${tag}`, toAgency: t.agency };
    case 'SetAgencyStatus':
      return { type, agency: t.agency, status: t.agencyStatus === 'on_scene' ? 'en_route' : 'on_scene' };
    default:
      return assertNever(type);
  }
}

/**
 * The principal a role stands for in the matrix. Accounts belong to the OWN
 * agency; for a display the relation stands for its token's scope: the target
 * incident (own), all active incidents (other), another incident (none).
 */
export function samplePrincipal(role: PrincipalRole, relation: Relation, incidentId: string, otherIncidentId: string): Principal {
  if (role === 'display') {
    const scope =
      relation === 'own'
        ? { kind: 'incident' as const, incidentId }
        : relation === 'other'
          ? { kind: 'active' as const }
          : { kind: 'incident' as const, incidentId: otherIncidentId };
    return { role, displayId: `display-${relation}`, name: `Wall ${relation}`, scope };
  }
  return { role, userId: `u-${role}`, name: role, agency: MATRIX_AGENCIES.own };
}

const P_ID = '00000000-0000-4000-8000-00000000a001';
const N_ID = '00000000-0000-4000-8000-00000000a002';
/** An incident no sample principal's relation is about: a display scoped to it covers neither P nor N. */
const X_ID = '00000000-0000-4000-8000-00000000a003';
const TASK_OWN = '00000000-0000-4000-8000-00000000b001';
const TASK_OTHER = '00000000-0000-4000-8000-00000000b002';

/** The incidents of the relations: P has OWN and OTHER; N has OTHER and THIRD (not OWN). */
function sampleState(relation: Relation): IncidentState {
  const { own, other, third } = MATRIX_AGENCIES;
  const participating = relation !== 'none';
  const id = participating ? P_ID : N_ID;
  const agencies = participating ? [own, other] : [other, third];
  const bodies = [opened(agencies), ...(participating ? [taskCreated(TASK_OWN, own)] : []), taskCreated(TASK_OTHER, other)];
  return replay(sequence(bodies, { incidentId: id }))!;
}

export interface MatrixCell {
  type: CommandType;
  relation: Relation;
  role: PrincipalRole;
  allowed: boolean;
  /** The FORBIDDEN message when denied. */
  reason: string | null;
}

/** `authorize` for every command × relation × role, in that order. */
export function permissionMatrix(): MatrixCell[] {
  const cells: MatrixCell[] = [];
  let n = 0;
  const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  for (const type of COMMAND_TYPES) {
    for (const relation of RELATIONS) {
      const state = sampleState(relation);
      const agency = relation === 'own' ? MATRIX_AGENCIES.own : MATRIX_AGENCIES.other;
      const target: MatrixTarget = {
        incidentAgencies: relation === 'none' ? [MATRIX_AGENCIES.other] : [MATRIX_AGENCIES.own, MATRIX_AGENCIES.other],
        agency,
        task: { id: relation === 'own' ? TASK_OWN : TASK_OTHER, version: state.tasks[relation === 'own' ? TASK_OWN : TASK_OTHER].version },
        incidentVersion: state.version,
        phase: state.phase,
        severity: state.severity,
        agencyStatus: state.agencyStatus[agency]?.status ?? null,
        newId,
      };
      const cmd = IncidentCommand.parse(sampleCommand(type, target));
      // OpenIncident targets an incident that does not exist yet.
      const against = type === 'OpenIncident' ? null : state;
      for (const role of PRINCIPAL_ROLES) {
        const denied = authorize(samplePrincipal(role, relation, state.id, X_ID), cmd, against);
        cells.push({ type, relation, role, allowed: denied === null, reason: denied?.message ?? null });
      }
    }
  }
  return cells;
}

/** `canReadIncident` (join, fetch, list, HTTP reads) for every relation × role, open and closed. */
export function readMatrix(): Array<{ relation: Relation; closed: boolean; role: PrincipalRole; allowed: boolean }> {
  return [false, true].flatMap((closed) =>
    RELATIONS.flatMap((relation) => {
      const state = sampleState(relation);
      const target = closed ? { ...state, phase: 'closed' as const } : state;
      return PRINCIPAL_ROLES.map((role) => ({
        relation,
        closed,
        role,
        allowed: canReadIncident(samplePrincipal(role, relation, state.id, X_ID), target),
      }));
    }),
  );
}

/** `authorizeAdmin` for every admin action × role. */
export function adminMatrix(): Array<{ action: AdminAction; role: PrincipalRole; allowed: boolean }> {
  return ADMIN_ACTIONS.flatMap((action) =>
    PRINCIPAL_ROLES.map((role) => ({
      action,
      role,
      allowed: authorizeAdmin(samplePrincipal(role, 'own', P_ID, X_ID), action) === null,
    })),
  );
}

/**
 * `authorizeReview` for every review action × role (SPEC REV4). Reading the review
 * (replay, metrics, findings) is the read row above; these need more. A display
 * stands for a screen scoped to the incident.
 */
export function reviewMatrix(): Array<{ action: ReviewAction; role: PrincipalRole; allowed: boolean }> {
  return REVIEW_ACTIONS.flatMap((action) =>
    PRINCIPAL_ROLES.map((role) => ({
      action,
      role,
      allowed: authorizeReview(samplePrincipal(role, 'own', P_ID, X_ID), action) === null,
    })),
  );
}

/** What each review action stands for in docs/security.md. */
export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
  AddFinding: 'AddFinding (add a review finding)',
  ManageImprovements: 'ManageImprovements (add improvement items, change their status)',
  Export: 'Export (download logs, CSV, ICS 214)',
  ImportLog: 'ImportLog (import an incident log)',
};

export const MATRIX_START = '<!-- permission-matrix:start (generated by scripts/security-matrix.ts; do not edit by hand) -->';
export const MATRIX_END = '<!-- permission-matrix:end -->';

/** The tables of docs/security.md, between the markers. */
export function renderMatrixMarkdown(): string {
  const mark = (allowed: boolean) => (allowed ? '✓' : '—');
  const head = `| Command | Target | ${PRINCIPAL_ROLES.join(' | ')} |`;
  const rule = `| --- | --- | ${PRINCIPAL_ROLES.map(() => ':-:').join(' | ')} |`;
  const cells = permissionMatrix();
  const rows: string[] = [];
  for (const type of COMMAND_TYPES)
    for (const relation of RELATIONS) {
      const row = PRINCIPAL_ROLES.map((role) => {
        const cell = cells.find((c) => c.type === type && c.relation === relation && c.role === role)!;
        return mark(cell.allowed);
      });
      rows.push(`| ${type} | ${RELATION_LABELS[relation]} | ${row.join(' | ')} |`);
    }
  const reads = readMatrix();
  const readRows = [false, true].flatMap((closed) =>
    RELATIONS.map((relation) => {
      const row = PRINCIPAL_ROLES.map((role) => mark(reads.find((c) => c.closed === closed && c.relation === relation && c.role === role)!.allowed));
      return `| read (${closed ? 'closed' : 'open'} incident) | ${RELATION_LABELS[relation]} | ${row.join(' | ')} |`;
    }),
  );
  const admin = adminMatrix();
  const adminRows = ADMIN_ACTIONS.map(
    (action) => `| ${action} | ${PRINCIPAL_ROLES.map((role) => mark(admin.find((c) => c.action === action && c.role === role)!.allowed)).join(' | ')} |`,
  );
  const review = reviewMatrix();
  const reviewRows = REVIEW_ACTIONS.map(
    (action) =>
      `| ${REVIEW_ACTION_LABELS[action]} | ${PRINCIPAL_ROLES.map((role) => mark(review.find((c) => c.action === action && c.role === role)!.allowed)).join(' | ')} |`,
  );
  return [
    MATRIX_START,
    head,
    rule,
    ...readRows,
    ...rows,
    '',
    `| Admin action | ${PRINCIPAL_ROLES.join(' | ')} |`,
    `| --- | ${PRINCIPAL_ROLES.map(() => ':-:').join(' | ')} |`,
    ...adminRows,
    '',
    `| Review action (any incident the principal may read) | ${PRINCIPAL_ROLES.join(' | ')} |`,
    `| --- | ${PRINCIPAL_ROLES.map(() => ':-:').join(' | ')} |`,
    ...reviewRows,
    MATRIX_END,
  ].join('\n');
}

/** The generated block as it stands in a document, or null when the markers are missing. */
export function extractMatrixBlock(doc: string): string | null {
  const start = doc.indexOf(MATRIX_START);
  const end = doc.indexOf(MATRIX_END);
  if (start < 0 || end < start) return null;
  return doc.slice(start, end + MATRIX_END.length);
}
