/**
 * The client file's side of the e-mail pipeline (shared/comms): what the sender asks before a mass
 * e-mail (CRM-11, consent at send time) and what SES feedback writes on the file (COM-08, CRM-05).
 * Kept here so comms reads and writes the profile through one small door.
 */
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';

/** Send-log recipient keys for mail sent before a file existed start with this (shared/comms/queue-email.ts). */
export const addressRecipientPrefix = 'email:';

/** Whether a send-log recipient key names a client file. */
export function isClientRecipient(recipientKey: string): boolean {
  return !recipientKey.startsWith(addressRecipientPrefix);
}

/**
 * Whether the client may receive mass mail right now: an active file whose current e-mail consent
 * is `granted`. Read at send time, strongly consistent: a withdrawal made after a mailing was
 * queued stops the mails still waiting.
 */
export async function mayReceiveMassEmail(deps: Pick<Deps, 'db'>, clientId: string): Promise<boolean> {
  const profile = (await deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true })).data;
  return Boolean(profile && profile.status === 'active' && profile.consentEmail === 'granted');
}

/**
 * Marks the file's address as bounced or complained (COM-08), shown on the file until the address
 * changes. Only if the file still has that address (a corrected address is not marked by feedback
 * about the old one), and a complaint never hides a bounce. Idempotent; `false` when not applied.
 */
export async function recordEmailTrouble(
  deps: Pick<Deps, 'db'>,
  input: { clientId: string; email: string; status: 'bounced' | 'complained'; at: string; detail?: string },
): Promise<boolean> {
  try {
    await deps.db.crm.entities.clientProfile
      .patch({ clientId: input.clientId })
      .set({
        emailStatus: input.status,
        emailStatusAt: input.at,
        ...(input.detail ? { emailStatusDetail: input.detail.slice(0, 500) } : {}),
      })
      .where((attr, { eq, ne }) =>
        input.status === 'complained'
          ? `${eq(attr.email, input.email)} AND ${ne(attr.emailStatus, 'bounced')}`
          : eq(attr.email, input.email),
      )
      .go();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
