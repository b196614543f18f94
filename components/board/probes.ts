import type { IncidentCommand } from '@/lib/domain/incident/commands';
import type { AgencyStatus, Phase, Severity, TaskStatus } from '@/lib/domain/incident/vocabulary';
import type { IncidentState, Task } from '@/lib/domain/incident/state';

/**
 * Complete commands with placeholder values, only to ask authorize() whether
 * the person may do this kind of thing (it looks at type, agency and task).
 */
export const probe = {
  updateIncident: (s: IncidentState): IncidentCommand => ({ type: 'UpdateIncident', expectedVersion: s.version }),
  changePhase: (s: IncidentState, phase: Phase): IncidentCommand => ({ type: 'ChangePhase', expectedVersion: s.version, phase }),
  changeSeverity: (s: IncidentState, severity: Severity): IncidentCommand => ({
    type: 'ChangeSeverity',
    expectedVersion: s.version,
    severity,
  }),
  createTask: (agency: string): IncidentCommand => ({
    type: 'CreateTask',
    taskId: '',
    title: '',
    details: '',
    agency,
    assignee: null,
    priority: 'normal',
    dueAt: null,
    location: '',
  }),
  editTask: (t: Task): IncidentCommand => ({ type: 'EditTask', taskId: t.id, expectedVersion: t.version }),
  reassignTask: (t: Task, agency: string): IncidentCommand => ({
    type: 'ReassignTask',
    taskId: t.id,
    expectedVersion: t.version,
    agency,
    assignee: null,
  }),
  changeTaskStatus: (t: Task, to: TaskStatus): IncidentCommand => ({
    type: 'ChangeTaskStatus',
    taskId: t.id,
    expectedVersion: t.version,
    to,
  }),
  postMessage: (): IncidentCommand => ({ type: 'PostMessage', messageId: '', text: '', toAgency: null, alert: false }),
  setAgencyStatus: (agency: string, status: AgencyStatus): IncidentCommand => ({ type: 'SetAgencyStatus', agency, status }),
};
