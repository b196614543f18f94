import { describe, expect, it } from 'vitest';
import type { Actor, Role } from './actor';
import { ErrorCode } from './errors';
import { IncidentCommand } from './incident/commands';
import { replay } from './incident/evolve';
import { opened, sequence, taskCreated } from './incident/fixtures';
import { authorize, canReadIncident } from './permissions';

const T1 = '00000000-0000-4000-8000-0000000000a1';
const state = replay(sequence([opened(['fire', 'customs']), taskCreated(T1, 'fire')]));
const actor = (role: Role, agency: string | null): Actor => ({ userId: `u-${role}`, name: role, agency, role });
const cmd = (input: Record<string, unknown>) => IncidentCommand.parse(input);

const createFire = cmd({ type: 'CreateTask', taskId: T1, title: 't', agency: 'fire' });
const createCustoms = cmd({ type: 'CreateTask', taskId: T1, title: 't', agency: 'customs' });
const ackFireTask = cmd({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion: 2, to: 'acknowledged' });
const phase = cmd({ type: 'ChangePhase', expectedVersion: 1, phase: 'containment' });
const message = cmd({ type: 'PostMessage', messageId: T1, text: 'hi' });
const fireStatus = cmd({ type: 'SetAgencyStatus', agency: 'fire', status: 'on_scene' });
const moveToCustoms = cmd({ type: 'ReassignTask', taskId: T1, expectedVersion: 2, agency: 'customs', assignee: null });

const allowed = (a: Actor, c: ReturnType<typeof cmd>) => authorize(a, c, state) === null;

describe('permissions', () => {
  it('AUTH2: commanders and admins may do everything', () => {
    for (const a of [actor('commander', null), actor('admin', null)])
      for (const c of [createFire, createCustoms, ackFireTask, phase, message, fireStatus, moveToCustoms]) expect(allowed(a, c)).toBe(true);
  });
  it('AUTH6: observers write nothing', () => {
    const o = actor('observer', null);
    for (const c of [createFire, ackFireTask, phase, message, fireStatus]) expect(authorize(o, c, state)?.code).toBe(ErrorCode.FORBIDDEN);
  });
  it('AUTH4: responders work on their own agency only', () => {
    const r = actor('responder', 'fire');
    expect(allowed(r, createFire)).toBe(true);
    expect(allowed(r, ackFireTask)).toBe(true);
    expect(allowed(r, message)).toBe(true);
    expect(allowed(r, createCustoms)).toBe(false);
    expect(allowed(r, phase)).toBe(false);
    expect(allowed(r, fireStatus)).toBe(false);
    expect(allowed(actor('responder', 'customs'), ackFireTask)).toBe(false);
  });
  it('AUTH3: liaisons request work from other agencies and set their own status', () => {
    const l = actor('liaison', 'customs');
    expect(allowed(l, createFire)).toBe(true);
    expect(allowed(l, ackFireTask)).toBe(false);
    expect(allowed(l, fireStatus)).toBe(false);
    expect(allowed(actor('liaison', 'fire'), fireStatus)).toBe(true);
    expect(allowed(actor('liaison', 'fire'), moveToCustoms)).toBe(false);
  });
  it('AUTH5: non-participating agencies neither read nor write', () => {
    const m = actor('responder', 'medical');
    expect(canReadIncident(m, state)).toBe(false);
    expect(allowed(m, message)).toBe(false);
    expect(canReadIncident(actor('observer', null), state)).toBe(true);
    expect(canReadIncident(actor('liaison', 'customs'), state)).toBe(true);
  });
});
