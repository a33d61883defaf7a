/**
 * CRM-05, seed: "Quoi faire si je reçois un message d'erreurs de livraison" — once staff have
 * corrected the address, "lui retourner les courriels qu'il n'a pas pu recevoir". The send log of
 * the file says which service e-mails did not reach an earlier address (bounced, failed or
 * suppressed); each is queued again, as a new message with the same template and data, to the
 * current address. Each missed message is resent once: the new message and a dedupe marker keyed
 * by the missed one are written in one transaction under a not-exists condition, so a second call,
 * a double click or two staff at once resend nothing twice.
 */
import * as z from 'zod/mini';
import { commitWithEmails } from '../comms/queue-email';
import { wasHandled } from '../db/dedupe';
import type { Deps } from '../deps';
import { ConflictError, NotFoundError } from '../kernel/errors';
import { idField, parseClientInput } from './client-input';
import { NoEmailError } from './invite-client';

type ResendDeps = Pick<Deps, 'db' | 'queues' | 'clock' | 'ids' | 'log' | 'config'>;

/** How far back the log is read: the newest entries of the file (a message lives 30 days anyway). */
export const resendLogWindow = 300;
/** At most this many messages per call (one transaction each). */
export const resendBatchMax = 25;

const missedEvents = new Set(['bounced', 'failed', 'suppressed']);
const dedupeScope = 'resend-missed';

const resendInput = z.object({
  clientId: idField,
  /** Only these missed messages (from the log); default: every missed one. */
  messageIds: z.optional(z.array(idField).check(z.maxLength(resendBatchMax))),
});

export interface MissedEmail {
  messageId: string;
  templateId: string;
  to: string;
  at: string;
  event: string;
  /** Already queued again to the current address by an earlier resend. */
  resent: boolean;
}

export interface ResendResult {
  /** New messages, by the message they replace. */
  resent: { missedMessageId: string; messageId: string }[];
  /** Resent by an earlier call. */
  alreadyResent: string[];
  /** The missed message is gone (kept 30 days after its outcome): its content cannot be rebuilt. */
  unavailable: string[];
}

/**
 * The service e-mails of the file that did not reach an address other than the current one,
 * newest first, each saying whether it was already resent. Mass mail is not resent: it was an announcement, and its consent and caps were
 * for that send.
 */
export async function listMissedEmails(
  deps: Pick<Deps, 'db'>,
  input: { clientId: string },
): Promise<MissedEmail[]> {
  const { clientId } = parseClientInput(z.object({ clientId: idField }), input);
  const profile = (await deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true })).data;
  if (!profile) throw new NotFoundError({ fr: 'Le dossier', en: 'The file' });
  const log = await deps.db.comms.entities.sendLog.query
    .byRecipient({ recipientKey: clientId })
    .go({ order: 'desc', count: resendLogWindow });
  const seen = new Set<string>();
  const missed: MissedEmail[] = [];
  for (const entry of log.data) {
    if (seen.has(entry.messageId) || !missedEvents.has(entry.event)) continue;
    if (entry.kind !== 'service' || entry.to === profile.email) continue;
    seen.add(entry.messageId);
    missed.push({
      messageId: entry.messageId,
      templateId: entry.templateId,
      to: entry.to,
      at: entry.at,
      event: entry.event,
      resent: false,
    });
  }
  if (missed.length === 0) return missed;
  // One BatchGet for the markers of every missed message (at most `resendLogWindow` of them). A
  // key DynamoDB leaves unprocessed reads as not resent: resending it again is refused by its marker.
  const markers = await deps.db.comms.entities.dedupeMarker
    .get(missed.map((entry) => ({ scope: dedupeScope, key: entry.messageId })))
    .go();
  const resent = new Set(markers.data.map((marker) => marker.key));
  return missed.map((entry) => ({ ...entry, resent: resent.has(entry.messageId) }));
}

/** Queues the missed e-mails again to the file's current address (see the module comment). */
export async function resendMissedEmails(
  deps: ResendDeps,
  input: { clientId: string; messageIds?: string[] },
): Promise<ResendResult> {
  const { clientId, messageIds } = parseClientInput(resendInput, input);
  const profile = (await deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true })).data;
  if (profile?.status !== 'active') throw new NotFoundError({ fr: 'Le dossier', en: 'The file' });
  const email = profile.email;
  if (!email) throw new NoEmailError();

  const chosen = messageIds ? new Set(messageIds) : undefined;
  // Forged or foreign ids are simply not in this file's log, so they are never resent.
  const missed = (await listMissedEmails(deps, { clientId }))
    .filter((entry) => !chosen || chosen.has(entry.messageId))
    .slice(0, resendBatchMax)
    .reverse();

  const { outboundMessage, dedupeMarker } = deps.db.comms.entities;
  const result: ResendResult = { resent: [], alreadyResent: [], unavailable: [] };
  for (const entry of missed) {
    const marker = { scope: dedupeScope, key: entry.messageId };
    if (entry.resent) {
      result.alreadyResent.push(entry.messageId);
      continue;
    }
    const original = (await outboundMessage.get({ messageId: entry.messageId }).go({ consistent: true }))
      .data;
    if (!original) {
      result.unavailable.push(entry.messageId);
      continue;
    }
    const now = deps.clock.now();
    try {
      const { messageIds: created } = await commitWithEmails(deps, {
        entities: { dedupeMarker },
        writes: (entities) => [
          entities.dedupeMarker
            .create({
              scope: dedupeScope,
              key: entry.messageId,
              at: now.toISOString(),
              expiresAt: Math.floor(now.getTime() / 1000) + 60 * 86_400,
            })
            .commit(),
        ],
        emails: [
          {
            templateId: original.templateId,
            locale: original.locale,
            to: email,
            recipientId: clientId,
            data: original.data,
            kind: 'service',
            account: original.account,
            ...(original.replyTo ? { replyTo: original.replyTo } : {}),
          },
        ],
      });
      result.resent.push({ missedMessageId: entry.messageId, messageId: created[0] ?? '' });
    } catch (error) {
      if (error instanceof ConflictError && (await wasHandled(deps.db.comms, marker))) {
        result.alreadyResent.push(entry.messageId);
        continue;
      }
      throw error;
    }
  }
  return result;
}
