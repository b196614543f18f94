import { ErrorCode } from '../../lib/domain/errors';
import { AuditQuery, CreateDisplayRequest, NoBody } from '../../lib/protocol/http';
import { toDisplayView } from '../auth/displays';
import { toSessionView } from '../auth/sessions';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import { requireAdmin } from './routes-admin';
import type { Route } from './router';

/** Admin: sessions per account, display screens, the audit log (SPEC AUTH7, AUTH8, AUTH12). */
export const securityRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/accounts/:id/sessions',
    async handle({ services, auth, principal, params }) {
      requireAdmin(principal, 'ManageSessions');
      if (!(await services.store.accounts.getAccount(params.id))) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such account.');
      const sessions = await services.sessions.list(params.id);
      return { body: { sessions: sessions.map((s) => toSessionView(s, auth.session.id)) } };
    },
  },
  {
    method: 'POST',
    path: '/api/sessions/:id/revoke',
    async handle({ req, services, auth, principal, params, body }) {
      requireAdmin(principal, 'ManageSessions');
      parseOrThrow(NoBody, await body());
      const session = await services.sessions.revokeById(params.id);
      if (!session) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such session (it may have ended already).');
      // Ended already: its audit must not hang on the owner's name (a retry finds nothing to end,
      // and would not audit it). Without the name if it cannot be read.
      const owner = await services.store.accounts.getAccount(session.accountId).catch(() => null);
      await services.audit.record({
        action: 'session.revoked',
        actor: auth.account,
        req,
        target: { kind: 'session', id: session.id, label: owner?.username ?? null },
        details: { accountId: session.accountId, address: session.address },
      });
      return { body: { session: toSessionView(session, auth.session.id) } };
    },
  },
  {
    method: 'GET',
    path: '/api/displays',
    async handle({ services, principal }) {
      requireAdmin(principal, 'ManageDisplays');
      return { body: { displays: (await services.displays.list()).map(toDisplayView) } };
    },
  },
  {
    method: 'POST',
    path: '/api/displays',
    async handle({ req, services, auth, principal, body }) {
      requireAdmin(principal, 'ManageDisplays');
      const input = parseOrThrow(CreateDisplayRequest, await body());
      if (input.scope.kind === 'incident' && !(await services.registry.get(input.scope.incidentId)))
        throw HttpError.of(ErrorCode.NOT_FOUND, 'No such incident.');
      const { record, token } = await services.displays.create(input, auth.account);
      await services.audit.record({
        action: 'display.created',
        actor: auth.account,
        req,
        target: { kind: 'display', id: record.id, label: record.name },
        details: { scope: record.scope },
      });
      return { status: 201, body: { display: toDisplayView(record), token } };
    },
  },
  {
    method: 'POST',
    path: '/api/displays/:id/revoke',
    async handle({ req, services, auth, principal, params, body }) {
      requireAdmin(principal, 'ManageDisplays');
      parseOrThrow(NoBody, await body());
      const r = await services.displays.revoke(params.id);
      if (!r) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such display.');
      if (r.revokedNow)
        await services.audit.record({
          action: 'display.revoked',
          actor: auth.account,
          req,
          target: { kind: 'display', id: r.display.id, label: r.display.name },
        });
      return { body: { display: toDisplayView(r.display) } };
    },
  },
  {
    method: 'GET',
    path: '/api/audit',
    async handle({ services, principal, query }) {
      requireAdmin(principal, 'ReadAudit');
      const q = parseOrThrow(AuditQuery, Object.fromEntries(query));
      const page = await services.store.audit.page(q.before ?? null, q.limit);
      return { body: { ...page } };
    },
  },
];
