import { isClientRecipient, mayReceiveMassEmail } from '../crm/email-status';
import { isConditionFailure } from '../db/conditions';
import type { Deps, MailDeps } from '../deps';
import { PermanentFailureError } from '../kernel/errors';
import { errorFields } from '../kernel/logger';
import { mailFailureOutcome } from '../kernel/ports';
import { renderTemplate } from '../templates/email';
import { type AttachmentContent, type AttachmentFiles, readAttachments } from './attachments';
import { findEmailTemplateOverride } from './email-template-store';
import { finishWithLog } from './finish-message';
import { releaseMassPlace, reserveMassPlace } from './mass-places';
import type { MessageKind, OutboundMessage } from './outbound-message';
import type { Pacer } from './pacer';
import type { SendLogEvent } from './send-log';
import { retryDelaySeconds } from './sending-policy';
import { suppressionBlocks } from './suppression';

export type SendOutcome =
  /** Sent now. */
  | 'sent'
  /** Already sent, suppressed or failed: a duplicate delivery, nothing to do. */
  | 'duplicate'
  /** Another sender holds it right now: retry the delivery later. */
  | 'in-flight'
  /** The address is suppressed (COM-08): never sent. */
  | 'suppressed'
  /** The mass-mail cap or the platform budget is full: kept, and released when a place frees up. */
  | 'deferred'
  /** Waiting for a later time (deferred earlier): this delivery is early and is dropped. */
  | 'not-due'
  /** Unknown or expired message id. */
  | 'missing'
  /**
   * Can never be sent (bad template data, attachments refused or above SES's 40 MB, refused by SES
   * for good, too many attempts): logged.
   */
  | 'failed'
  /**
   * SES refused it for now (throttling, outage), or an attachment is not readable yet: it backs off
   * and the release schedule retries it.
   */
  | 'backing-off'
  /**
   * SES may have accepted it but that is not recorded (no answer, or the final write failed): never
   * resent from here. An SES event naming it settles it, or the release schedule after the grace
   * period with no event.
   */
  | 'unconfirmed';

/**
 * `files` reads attachments (decision 0018): the send-email function passes its S3 file store; a
 * sender without one fails any message that carries attachments.
 */
export type SendDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'config' | 'ids'> &
  MailDeps & { files?: AttachmentFiles };

/** The message as claimed, and the token every write of this holder is conditioned on. */
interface Held {
  message: OutboundMessage;
  leaseId: string;
}

/** The line the operations alarm counts (infra: metric filter on send-email's log group). */
export const gaveUpLogMessage = 'e-mail failed after max attempts';

/**
 * Sends one queued e-mail at most once. The message is claimed with a conditional write holding a
 * lease (a second SQS delivery finds it held or done), checked against the attempt cap,
 * suppressions and, for mass mail, the account's 24 h cap and the platform budget; then rendered
 * and paced. Just before the SES call an attempt marker is written under the lease: from then on,
 * unless SES answers with a refusal, the message is only ever settled by what SES says about it
 * (its answer, or its events) or, with no event after the grace period, by the release schedule.
 * The final status and its send-log entry are written together, retried a few times; contended
 * counters (the mass window) stay out of that transaction.
 */
export async function sendQueuedEmail(
  deps: SendDeps,
  input: { messageId: string; pacers: Record<MessageKind, Pacer> },
): Promise<SendOutcome> {
  const { outboundMessage, suppression } = deps.db.comms.entities;
  const policy = deps.config.mailPolicy;
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const message = (await outboundMessage.get({ messageId: input.messageId }).go({ consistent: true })).data;
  if (!message) return 'missing';
  if (message.status === 'sent' || message.status === 'suppressed' || message.status === 'failed')
    return 'duplicate';
  if (message.status === 'deferred' && message.notBefore > nowIso) return 'not-due';
  if (message.status === 'sending') {
    if ((message.leaseUntil ?? '') >= nowIso) return 'in-flight';
    if (message.attemptAt) return 'unconfirmed';
  }

  const leaseId = deps.ids();
  const leaseUntil = new Date(now.getTime() + policy.leaseSeconds * 1000).toISOString();
  try {
    await outboundMessage
      .patch({ messageId: message.messageId })
      .set({
        kind: message.kind,
        status: 'sending',
        leaseId,
        leaseUntil,
        notBefore: leaseUntil,
      })
      .where(
        ({ status, notBefore, leaseUntil: lease, attemptAt }, { eq, lte, lt, notExists }) =>
          `(${eq(status, 'queued')}) OR (${eq(status, 'deferred')} AND ${lte(notBefore, nowIso)}) OR (${eq(status, 'sending')} AND ${lt(lease, nowIso)} AND ${notExists(attemptAt)})`,
      )
      .go();
  } catch (error) {
    if (isConditionFailure(error)) return 'in-flight';
    throw error;
  }
  const held: Held = { message, leaseId };

  if (message.attempts >= policy.maxAttempts) {
    return giveUp(deps, held, message.attempts, message.lastError ?? 'unknown');
  }

  const suppressed = (await suppression.get({ email: message.to }).go()).data;
  if (suppressed && suppressionBlocks(suppressed.reason, message.kind)) {
    await settleOrThrow(deps, held, 'suppressed', {
      detail: `${suppressed.reason}: ${suppressed.detail ?? ''}`.trim(),
    });
    return 'suppressed';
  }

  // CRM-11: consent is read now, not when the mailing was queued: a withdrawal since then stops it.
  if (
    message.kind === 'mass' &&
    isClientRecipient(message.recipientKey) &&
    !(await mayReceiveMassEmail(deps, message.recipientKey))
  ) {
    await settleOrThrow(deps, held, 'suppressed', { detail: 'no e-mail consent' });
    return 'suppressed';
  }

  let rendered: ReturnType<typeof renderTemplate>;
  try {
    // Staff's wording if they changed it (COM-01): one GetItem, cached per container for 60 s.
    const wording = await findEmailTemplateOverride(deps, message.templateId, message.locale);
    rendered = renderTemplate(message.templateId, message.locale, message.data, wording);
  } catch (error) {
    if (!(error instanceof PermanentFailureError)) throw error;
    await settleOrThrow(deps, held, 'failed', { detail: error.code });
    deps.log.error('e-mail cannot be rendered', { messageId: message.messageId, code: error.code });
    return 'failed';
  }

  // Attachments are read before a mass place is taken: a PDF not written yet costs no place.
  let attachments: AttachmentContent[] | undefined;
  if (message.attachments?.length) {
    const bodyBytes =
      Buffer.byteLength(rendered.subject) +
      Buffer.byteLength(rendered.html) +
      Buffer.byteLength(rendered.text);
    const read = await readAttachments(deps.files, message.attachments, bodyBytes);
    if (!read.ok && read.permanent) {
      await settleOrThrow(deps, held, 'failed', { detail: read.reason });
      deps.log.error('e-mail cannot be sent with its attachments', {
        messageId: message.messageId,
        reason: read.reason,
      });
      return 'failed';
    }
    if (!read.ok) return waitForAttachments(deps, held, read.reason);
    attachments = read.attachments;
  }

  let massAt: number | undefined;
  if (message.kind === 'mass') {
    const place = await reserveMassPlace(deps, { account: message.account, now });
    if (!place.reserved) {
      await outboundMessage
        .patch({ messageId: message.messageId })
        .set({
          kind: message.kind,
          status: 'deferred',
          notBefore: place.freeAt.toISOString(),
        })
        .remove(['leaseId', 'leaseUntil'])
        .where(({ leaseId: holder }, { eq }) => eq(holder, leaseId))
        .go();
      deps.log.info(
        place.reason === 'account'
          ? 'mass e-mail deferred: 24 h cap reached'
          : 'mass e-mail deferred: platform budget reached',
        { messageId: message.messageId, account: message.account, until: place.freeAt.toISOString() },
      );
      return 'deferred';
    }
    massAt = place.at;
  }

  await input.pacers[message.kind]();

  // The attempt marker, under our lease: from here on SES may accept the mail.
  const attemptAt = deps.clock.now();
  const attempts = message.attempts + 1;
  try {
    await outboundMessage
      .patch({ messageId: message.messageId })
      .set({
        kind: message.kind,
        status: 'sending',
        attemptAt: attemptAt.toISOString(),
        leaseUntil: new Date(attemptAt.getTime() + policy.leaseSeconds * 1000).toISOString(),
        notBefore: new Date(attemptAt.getTime() + policy.reconcileAfterSeconds * 1000).toISOString(),
        subject: rendered.subject,
        ...(massAt === undefined ? {} : { massReservedAt: massAt }),
      })
      .add({ attempts: 1 })
      .where(({ status, leaseId: holder }, { eq }) => `${eq(status, 'sending')} AND ${eq(holder, leaseId)}`)
      .go();
  } catch (error) {
    if (massAt !== undefined) await releaseMassPlace(deps, { account: message.account, at: massAt });
    if (isConditionFailure(error)) return 'in-flight';
    throw error;
  }

  let providerMessageId: string;
  try {
    ({ providerMessageId } = await deps.mail.send({
      from: deps.config.mailFrom,
      to: message.to,
      replyTo: message.replyTo,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      tags: { template: message.templateId, kind: message.kind, messageId: message.messageId },
      ...(attachments ? { attachments } : {}),
    }));
  } catch (error) {
    const outcome = mailFailureOutcome(error);
    const reason = `SES ${outcome}: ${errorText(error)}`;
    if (outcome === 'unknown') {
      deps.log.warn('e-mail outcome unknown: left to SES events and the grace period', {
        messageId: message.messageId,
        attempts,
        ...errorFields(error),
      });
      return 'unconfirmed';
    }
    if (outcome === 'rejected' || attempts >= policy.maxAttempts) {
      const settled =
        outcome === 'rejected'
          ? await settle(deps, held, 'failed', { detail: reason, subject: rendered.subject })
          : await giveUpSettled(deps, held, attempts, reason);
      if (settled !== 'recorded') return 'unconfirmed';
      if (massAt !== undefined) await releaseMassPlace(deps, { account: message.account, at: massAt });
      if (outcome === 'rejected')
        deps.log.warn('e-mail rejected by SES', { messageId: message.messageId, reason });
      return 'failed';
    }
    // Refused: SES did not take it. Back off, and give back the mass place it did not use.
    const retryAt = new Date(deps.clock.now().getTime() + retryDelaySeconds(policy, attempts) * 1000);
    try {
      await outboundMessage
        .patch({ messageId: message.messageId })
        .set({
          kind: message.kind,
          status: 'deferred',
          notBefore: retryAt.toISOString(),
          lastError: reason,
        })
        .remove(['leaseId', 'leaseUntil', 'attemptAt', 'massReservedAt'])
        .where(({ status, leaseId: holder }, { eq }) => `${eq(status, 'sending')} AND ${eq(holder, leaseId)}`)
        .go();
    } catch (writeError) {
      // Still marked: the grace period settles it, and the release schedule gives the place back.
      deps.log.warn('e-mail refusal not recorded', {
        messageId: message.messageId,
        ...errorFields(writeError),
      });
      return 'unconfirmed';
    }
    if (massAt !== undefined) await releaseMassPlace(deps, { account: message.account, at: massAt });
    deps.log.info('e-mail refused by SES: backing off', {
      messageId: message.messageId,
      attempts,
      retryAt: retryAt.toISOString(),
    });
    return 'backing-off';
  }

  const recorded = await settle(deps, held, 'sent', {
    subject: rendered.subject,
    sesMessageId: providerMessageId,
  });
  if (recorded === 'not-recorded') {
    deps.log.error('e-mail sent but not recorded: its SES Send event will settle it', {
      messageId: message.messageId,
      sesMessageId: providerMessageId,
    });
    return 'unconfirmed';
  }
  return 'sent';
}

/**
 * An attachment could not be read (not written yet, or S3 failed): counted as an attempt and
 * retried with the same backoff as an SES refusal, nothing having reached SES; given up, logged and
 * alarmed, once the attempts are spent.
 */
async function waitForAttachments(deps: SendDeps, held: Held, reason: string): Promise<SendOutcome> {
  const { message, leaseId } = held;
  const policy = deps.config.mailPolicy;
  const attempts = message.attempts + 1;
  if (attempts >= policy.maxAttempts) return giveUp(deps, held, attempts, reason);
  const retryAt = new Date(deps.clock.now().getTime() + retryDelaySeconds(policy, attempts) * 1000);
  try {
    await deps.db.comms.entities.outboundMessage
      .patch({ messageId: message.messageId })
      .set({ kind: message.kind, status: 'deferred', notBefore: retryAt.toISOString(), lastError: reason })
      .add({ attempts: 1 })
      .remove(['leaseId', 'leaseUntil'])
      .where(({ status, leaseId: holder }, { eq }) => `${eq(status, 'sending')} AND ${eq(holder, leaseId)}`)
      .go();
  } catch (error) {
    if (isConditionFailure(error)) return 'in-flight';
    throw error;
  }
  deps.log.warn('e-mail attachment not available: backing off', {
    messageId: message.messageId,
    attempts,
    reason,
    retryAt: retryAt.toISOString(),
  });
  return 'backing-off';
}

/** Gives a message up after too many attempts: `failed`, on the recipient's log, and alarmed. */
async function giveUp(deps: SendDeps, held: Held, attempts: number, reason: string): Promise<SendOutcome> {
  if ((await giveUpSettled(deps, held, attempts, reason)) === 'not-recorded') {
    throw new Error(`Could not record that ${held.message.messageId} was given up`);
  }
  return 'failed';
}

async function giveUpSettled(deps: SendDeps, held: Held, attempts: number, reason: string) {
  const settled = await settle(deps, held, 'failed', {
    detail: `gave up after ${attempts} attempts: ${reason}`,
  });
  if (settled === 'recorded') {
    deps.log.error(gaveUpLogMessage, {
      messageId: held.message.messageId,
      kind: held.message.kind,
      templateId: held.message.templateId,
      attempts,
      lastError: reason,
    });
  }
  return settled;
}

async function settleOrThrow(
  deps: SendDeps,
  held: Held,
  event: 'suppressed' | 'failed',
  outcome: { detail: string },
): Promise<void> {
  if ((await settle(deps, held, event, outcome)) === 'not-recorded') {
    throw new Error(`Could not record the ${event} outcome of ${held.message.messageId}`);
  }
}

const settleTries = 5;

/**
 * The final status and its send-log entry, in one transaction conditioned on our lease, retried on
 * throttling and other transient errors. `lost`: our lease is gone, which after an SES call means
 * an SES event settled the message first (its log entry is then that event's).
 */
async function settle(
  deps: SendDeps,
  held: Held,
  event: Extract<SendLogEvent, 'sent' | 'suppressed' | 'failed'>,
  outcome: { subject?: string; sesMessageId?: string; detail?: string },
): Promise<'recorded' | 'lost' | 'not-recorded'> {
  const { message, leaseId } = held;
  let lastError: unknown;
  for (let attempt = 0; attempt < settleTries; attempt++) {
    if (attempt > 0) await sleep(50 * 2 ** attempt);
    const now = deps.clock.now().toISOString();
    try {
      const result = await finishWithLog(deps, message, {
        event,
        at: now,
        notBefore: now,
        ...(event === 'sent' ? { sentAt: now } : {}),
        sesMessageId: outcome.sesMessageId,
        subject: outcome.subject,
        detail: outcome.detail,
        expected: { status: 'sending', leaseId },
      });
      if (!result.canceled) return 'recorded';
      if (result.codes.includes('ConditionalCheckFailed')) return 'lost';
      lastError = new Error(`transaction canceled: ${result.codes.join(', ')}`);
    } catch (error) {
      if (isConditionFailure(error)) return 'lost';
      lastError = error;
    }
  }
  deps.log.warn('e-mail outcome write failed', {
    messageId: message.messageId,
    event,
    tries: settleTries,
    ...errorFields(lastError),
  });
  return 'not-recorded';
}

function errorText(error: unknown): string {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return [name, message].filter(Boolean).join(': ').slice(0, 500) || String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
