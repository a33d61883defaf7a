/**
 * « Consulter les logs » (CRM-06): every e-mail the system sent to a client, newest first, with
 * what happened to it (sent, suppressed, bounced, complained, failed), and the address's state on
 * the file. The send log is written by the sender and SES feedback (shared/comms) under
 * `RCPT#<clientId>`; mail sent to the address before the file existed is under
 * `RCPT#email:<address>` and shown apart.
 */
import * as z from 'zod/mini';
import type { SendLogEntry, SendLogEvent } from '../comms/send-log';
import type { Deps } from '../deps';
import { NotFoundError } from '../kernel/errors';
import type { EmailStatus } from './client';
import { idField, parseClientInput } from './client-input';
import { addressRecipientPrefix } from './email-status';
import { cursorField, withCursor } from './paging';

export interface EmailLogEntry {
  at: string;
  messageId: string;
  event: SendLogEvent;
  kind: 'service' | 'mass';
  templateId: string;
  to: string;
  subject?: string;
  detail?: string;
}

export interface ClientEmailLog {
  /** The file's log, newest first. */
  entries: EmailLogEntry[];
  cursor: string | null;
  /** First page only: mail to the current address from before the file existed (50 at most). */
  beforeFile: EmailLogEntry[];
  /** The current address and its state (a bounce or complaint since it was set). */
  address?: { email: string; status: EmailStatus; at?: string; detail?: string };
}

const logInput = z.object({
  clientId: idField,
  cursor: cursorField,
  limit: z._default(z.int().check(z.minimum(1), z.maximum(100)), 50),
});

const view = (entry: SendLogEntry): EmailLogEntry => ({
  at: entry.at,
  messageId: entry.messageId,
  event: entry.event,
  kind: entry.kind,
  templateId: entry.templateId,
  to: entry.to,
  ...(entry.subject ? { subject: entry.subject } : {}),
  ...(entry.detail ? { detail: entry.detail } : {}),
});

/** One page of the file's send log (50 by default), for staff and for the client's own file. */
export async function clientEmailLog(
  deps: Pick<Deps, 'db'>,
  input: { clientId: string; cursor?: string | null; limit?: number },
): Promise<ClientEmailLog> {
  const { clientId, cursor, limit } = parseClientInput(logInput, input);
  const { sendLog } = deps.db.comms.entities;
  const profile = (await deps.db.crm.entities.clientProfile.get({ clientId }).go()).data;
  if (!profile) throw new NotFoundError({ fr: 'Le dossier', en: 'The file' });
  const [page, earlier] = await Promise.all([
    withCursor(() =>
      sendLog.query
        .byRecipient({ recipientKey: clientId })
        .go({ order: 'desc', count: limit, cursor: cursor ?? null }),
    ),
    !cursor && profile.email
      ? sendLog.query
          .byRecipient({ recipientKey: `${addressRecipientPrefix}${profile.email}` })
          .go({ order: 'desc', count: 50 })
      : Promise.resolve({ data: [] as SendLogEntry[] }),
  ]);
  return {
    entries: page.data.map(view),
    cursor: page.cursor,
    beforeFile: earlier.data.map(view),
    ...(profile.email
      ? {
          address: {
            email: profile.email,
            status: profile.emailStatus,
            ...(profile.emailStatusAt ? { at: profile.emailStatusAt } : {}),
            ...(profile.emailStatusDetail ? { detail: profile.emailStatusDetail } : {}),
          },
        }
      : {}),
  };
}
