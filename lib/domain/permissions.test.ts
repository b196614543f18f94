import { describe, expect, it } from 'vitest';
import type { Actor, DisplayPrincipal, Principal, PrincipalRole, Role } from './actor';
import { ErrorCode } from './errors';
import { COMMAND_TYPES, IncidentCommand, type CommandType } from './incident/commands';
import { applyEvents, replay } from './incident/evolve';
import { opened, sequence, taskCreated } from './incident/fixtures';
import { adminMatrix, permissionMatrix, RELATIONS, type Relation } from './permission-matrix';
import { authorize, canReadIncident, canWrite } from './permissions';

const T1 = '00000000-0000-4000-8000-0000000000a1';
const state = replay(sequence([opened(['fire', 'customs']), taskCreated(T1, 'fire')]))!;
const actor = (role: Role, agency: string | null): Actor => ({ userId: `u-${role}`, name: role, agency, role });
const display = (scope: DisplayPrincipal['scope']): DisplayPrincipal => ({ role: 'display', displayId: 'd1', name: 'Wall', scope });
const cmd = (input: Record<string, unknown>) => IncidentCommand.parse(input);

const createFire = cmd({ type: 'CreateTask', taskId: T1, title: 't', agency: 'fire' });
const createCustoms = cmd({ type: 'CreateTask', taskId: T1, title: 't', agency: 'customs' });
const ackFireTask = cmd({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'acknowledged' });
const phase = cmd({ type: 'ChangePhase', expectedVersion: 1, phase: 'containment' });
const message = cmd({ type: 'PostMessage', messageId: T1, text: 'hi' });
const fireStatus = cmd({ type: 'SetAgencyStatus', agency: 'fire', status: 'on_scene' });
const moveToCustoms = cmd({ type: 'ReassignTask', taskId: T1, expectedVersion: 2, agency: 'customs', assignee: null });
const reassignInFire = cmd({ type: 'ReassignTask', taskId: T1, expectedVersion: 2, agency: 'fire', assignee: 'Wang' });

const allowed = (a: Principal, c: ReturnType<typeof cmd>) => authorize(a, c, state) === null;

describe('permissions', () => {
  it('AUTH2: commanders and admins may do everything', () => {
    for (const a of [actor('commander', null), actor('admin', null)])
      for (const c of [createFire, createCustoms, ackFireTask, phase, message, fireStatus, moveToCustoms]) expect(allowed(a, c)).toBe(true);
  });
  it('AUTH6: observers write nothing', () => {
    const o = actor('observer', null);
    for (const c of [createFire, ackFireTask, phase, message, fireStatus]) expect(authorize(o, c, state)?.code).toBe(ErrorCode.FORBIDDEN);
  });
  it('AUTH4: responders work on their own agency only, and do not reassign', () => {
    const r = actor('responder', 'fire');
    expect(allowed(r, createFire)).toBe(true);
    expect(allowed(r, ackFireTask)).toBe(true);
    expect(allowed(r, message)).toBe(true);
    expect(allowed(r, createCustoms)).toBe(false);
    expect(allowed(r, phase)).toBe(false);
    expect(allowed(r, fireStatus)).toBe(false);
    expect(allowed(r, reassignInFire)).toBe(false);
    expect(allowed(actor('responder', 'customs'), ackFireTask)).toBe(false);
  });
  it('AUTH3: liaisons request work from other agencies, reassign within their own, set their own status', () => {
    const l = actor('liaison', 'customs');
    expect(allowed(l, createFire)).toBe(true);
    expect(allowed(l, ackFireTask)).toBe(false);
    expect(allowed(l, fireStatus)).toBe(false);
    expect(allowed(actor('liaison', 'fire'), fireStatus)).toBe(true);
    expect(allowed(actor('liaison', 'fire'), reassignInFire)).toBe(true);
    expect(allowed(actor('liaison', 'fire'), moveToCustoms)).toBe(false);
  });
  it('AUTH5: non-participating agencies neither read nor write until a commander adds them', () => {
    const m = actor('responder', 'medical');
    expect(canReadIncident(m, state)).toBe(false);
    expect(allowed(m, message)).toBe(false);
    expect(canReadIncident(actor('observer', null), state)).toBe(true);
    expect(canReadIncident(actor('liaison', 'customs'), state)).toBe(true);
    const added = applyEvents(state, sequence([{ type: 'IncidentUpdated', payload: { agencies: { from: ['fire', 'customs'], to: ['fire', 'customs', 'medical'] } } }], { startSeq: 3 }))!;
    expect(canReadIncident(m, added)).toBe(true);
    expect(authorize(m, message, added)).toBeNull();
  });
  it('AUTH7: a display reads the incident its token names, or all that are not closed, and writes nothing', () => {
    const one = display({ kind: 'incident', incidentId: state.id });
    const other = display({ kind: 'incident', incidentId: '00000000-0000-4000-8000-0000000000ff' });
    const active = display({ kind: 'active' });
    const closed = applyEvents(state, sequence([{ type: 'PhaseChanged', payload: { from: 'response', to: 'closed' } }], { startSeq: 3 }))!;
    expect(canReadIncident(one, state)).toBe(true);
    expect(canReadIncident(one, closed)).toBe(true);
    expect(canReadIncident(other, state)).toBe(false);
    expect(canReadIncident(active, state)).toBe(true);
    expect(canReadIncident(active, closed)).toBe(false);
    for (const d of [one, active]) {
      expect(canWrite(d)).toBe(false);
      for (const c of [createFire, message, phase]) expect(authorize(d, c, state)?.code).toBe(ErrorCode.FORBIDDEN);
      expect(authorize(d, cmd({ type: 'OpenIncident', title: 'x', kind: 'drill', scenario: 'other', severity: 'IV', agencies: ['fire'] }), null)?.code).toBe(ErrorCode.FORBIDDEN);
    }
  });
});

/**
 * The matrix written out by hand, independent of the code: for each
 * role and command, which relations (own agency / other participating agency /
 * agency not participating) are allowed. ✓ = allowed, · = FORBIDDEN.
 */
const ALL = '✓✓✓';
const NONE = '···';
const EXPECTED: Record<PrincipalRole, Record<CommandType, string>> = {
  admin: Object.fromEntries(COMMAND_TYPES.map((t) => [t, ALL])) as Record<CommandType, string>,
  commander: Object.fromEntries(COMMAND_TYPES.map((t) => [t, ALL])) as Record<CommandType, string>,
  liaison: {
    OpenIncident: NONE,
    UpdateIncident: NONE,
    ChangePhase: NONE,
    ChangeSeverity: NONE,
    CreateTask: '✓✓·', // for its agency, and as a request for another participating one
    EditTask: '✓··',
    ReassignTask: '✓··', // within the agency
    ChangeTaskStatus: '✓··',
    PostMessage: '✓✓·',
    SetAgencyStatus: '✓··',
  },
  responder: {
    OpenIncident: NONE,
    UpdateIncident: NONE,
    ChangePhase: NONE,
    ChangeSeverity: NONE,
    CreateTask: '✓··',
    EditTask: '✓··',
    ReassignTask: NONE,
    ChangeTaskStatus: '✓··',
    PostMessage: '✓✓·',
    SetAgencyStatus: NONE,
  },
  observer: Object.fromEntries(COMMAND_TYPES.map((t) => [t, NONE])) as Record<CommandType, string>,
  display: Object.fromEntries(COMMAND_TYPES.map((t) => [t, NONE])) as Record<CommandType, string>,
};

describe('permission matrix (docs/security.md is generated from it)', () => {
  it('AUTH2–AUTH7: authorize() agrees with the issue’s matrix for every role × command × relation', () => {
    const cells = permissionMatrix();
    expect(cells).toHaveLength(COMMAND_TYPES.length * RELATIONS.length * 6);
    const wrong = cells.filter((c) => EXPECTED[c.role][c.type][RELATIONS.indexOf(c.relation as Relation)] === '✓' !== c.allowed);
    expect(wrong).toEqual([]);
  });
  it('AUTH2: only admins administer', () => {
    for (const cell of adminMatrix()) expect(cell.allowed).toBe(cell.role === 'admin');
  });
});
