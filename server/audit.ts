import type { IncomingMessage } from 'node:http';
import type { AuditAction, AuditEntry } from '../lib/protocol/http';
import type { Config } from './config';
import { clientAddress, userAgentOf } from './http/client-address';
import type { Logger } from './log';
import type { AuditStore, StoredAccount } from './store/types';

export interface AuditInput {
  action: AuditAction;
  /** The account that acted, or for a failed sign-in the username tried. */
  actor: StoredAccount | { username: string } | null;
  target?: AuditEntry['target'];
  /** The request it came with (address, user agent). */
  req?: IncomingMessage;
  details?: Record<string, unknown>;
}

/**
 * The audit log (SPEC AUTH12): who did what, when, from where. Writing it never
 * fails the action it records (that has happened already); a failure to write
 * is logged as an error instead.
 */
export class AuditLog {
  constructor(
    private readonly store: AuditStore,
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  async record(input: AuditInput): Promise<void> {
    const actor = input.actor;
    const entry: Omit<AuditEntry, 'id'> = {
      at: Date.now(),
      action: input.action,
      actor: {
        accountId: actor && 'id' in actor ? actor.id : null,
        username: actor ? actor.username.slice(0, 64) : null,
      },
      target: input.target ?? null,
      address: input.req ? clientAddress(input.req.headers, input.req.socket.remoteAddress, this.config.trustProxy) : null,
      userAgent: input.req ? userAgentOf(input.req.headers) : null,
      details: input.details ?? {},
    };
    try {
      await this.store.append(entry);
    } catch (err) {
      this.log.error({ err, action: entry.action }, 'audit entry could not be written');
    }
  }
}
