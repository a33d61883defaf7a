/**
 * Consent per channel (CRM-11): e-mail, phone, mail. Each decision is a ledger entry
 * (./consent-record.ts) written in the same transaction as the profile's current value, so the
 * summary the sender and the query builder read can never disagree with the proof.
 */
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { ConflictError, NotFoundError } from '../kernel/errors';
import { type ConsentChannel, consentChannels } from './client';
import { clientFieldLimits, idField, line, parseClientInput } from './client-input';
import { consentMethods } from './consent-record';

const consentInput = z.object({
  clientId: idField,
  channel: z.enum(consentChannels),
  value: z.enum(['granted', 'withdrawn']),
  method: z.enum(consentMethods),
  source: z.optional(line(clientFieldLimits.consentSource)),
  actorUserId: idField,
});

export type RecordConsentInput = z.input<typeof consentInput>;

const summaryField = {
  email: { value: 'consentEmail', at: 'consentEmailAt' },
  phone: { value: 'consentPhone', at: 'consentPhoneAt' },
  mail: { value: 'consentMail', at: 'consentMailAt' },
} as const satisfies Record<ConsentChannel, { value: string; at: string }>;

/**
 * Records one decision and makes it the channel's current value; sets `consentAskedAt`, so the
 * portal stops asking. Refused for a file that does not exist or is being erased. A decision
 * recorded in the same millisecond for the same channel is refused (`ConflictError`): the ledger
 * never overwrites an entry.
 */
export async function recordConsent(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: RecordConsentInput,
): Promise<{ at: string }> {
  const parsed = parseClientInput(consentInput, input);
  const at = deps.clock.now().toISOString();
  const field = summaryField[parsed.channel];
  const result = await deps.db.crm.transaction
    .write(({ consentRecord, clientProfile }) => [
      consentRecord
        .create({
          clientId: parsed.clientId,
          at,
          channel: parsed.channel,
          value: parsed.value,
          method: parsed.method,
          source: parsed.source,
          actorUserId: parsed.actorUserId,
        })
        .commit(),
      clientProfile
        .patch({ clientId: parsed.clientId })
        .set({ [field.value]: parsed.value, [field.at]: at, consentAskedAt: at })
        .where((attr, { eq }) => eq(attr.status, 'active'))
        .commit(),
    ])
    .go();
  if (result.canceled) {
    const [ledger, profile] = result.data.map((reason) => reason.code);
    if (profile === 'ConditionalCheckFailed') throw new NotFoundError({ fr: 'Le dossier', en: 'The file' });
    if (ledger === 'ConditionalCheckFailed') {
      throw new ConflictError('consent_already_recorded', {
        fr: 'Un choix vient d’être enregistré pour ce canal. Rechargez la page.',
        en: 'A choice was just recorded for this channel. Reload the page.',
      });
    }
    throw new ConflictError('transaction_canceled', {
      fr: 'La modification a été refusée parce que les données ont changé entre-temps. Veuillez réessayer.',
      en: 'The change was refused because the data changed in the meantime. Please try again.',
    });
  }
  return { at };
}
