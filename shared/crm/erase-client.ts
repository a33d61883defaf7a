/**
 * « Demander à être retiré » (CRM-07, docs/data-model.md §5): the client, or staff for them, asks
 * for the file to go. The history decides (./client-history.ts `judgeErasure`): a balance due or a
 * registration still to come refuses, with the seed's message; otherwise a file without history is
 * deleted entirely, and one with history is deactivated, keeping only the names and postal code
 * (and country) so « Déjà client ? » and « Restaurer ce client » still find it.
 *
 * The run is resumable: the profile turns `erasing` first (every other write of the file checks
 * `active`, so nothing new arrives), then each step deletes what it finds and finding nothing is
 * fine, and the profile — which names every derived key (address, phone, account) — changes last,
 * in the same transaction as the audit entry. A run that stops anywhere is finished by the next
 * request; two at once do the same deletes and exactly one writes the end.
 */
import { createWriteTransaction } from 'electrodb';
import * as z from 'zod/mini';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { newAuditEntry } from '../identity/audit';
import { logOutEverywhere } from '../identity/sessions';
import { ConflictError, type LocalizedMessage, NotFoundError } from '../kernel/errors';
import type { FileBucket, FileStore } from '../kernel/ports';
import type { ClientProfile } from './client';
import {
  type ClientHistory,
  deleteStoredItems,
  type ErasureDecision,
  fileItemPrefixes,
  historyOf,
  judgeErasure,
  type PersonItem,
  personItemPrefixes,
  readFileItems,
  readOrderHeads,
  readPartitionOf,
  readPersonItems,
  type StoredKey,
} from './client-history';
import { parseClientInput } from './client-input';
import { addressRecipientPrefix } from './email-status';

/** What erasure needs: the database, clock and ids, a logger, and the S3 port (web server only). */
export type EraseDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log'> & { files: FileStore };

export type ErasureOutcome = ErasureDecision;

/** The seed's four answers (« Qu'arrive-t-il lorsqu'un client … clique sur DEMANDER À ÊTRE RETIRÉ ? »). */
export const erasureMessages: Record<ErasureOutcome, LocalizedMessage> = {
  deleted: {
    fr: 'Votre dossier a été complètement supprimé.',
    en: 'Your file has been completely deleted.',
  },
  deactivated: {
    fr: 'Votre dossier a été désactivé et presque toutes vos données personnelles ont été supprimées. Nous avons uniquement conservé votre nom et votre code postal, car vous avez suivi des ateliers avec nous et nous avons besoin de garder des traces au cas où vous désirez un jour restaurer votre dossier.',
    en: 'Your file has been deactivated and almost all of your personal data has been deleted. We have kept only your name and postal code, because you took workshops with us and we need to keep a record in case you ever wish to restore your file.',
  },
  refusedBalance: {
    fr: 'Votre dossier n’a pas pu être supprimé, car vous avez un solde à votre dossier. Veuillez communiquer avec nous.',
    en: 'Your file could not be deleted because there is a balance on your file. Please contact us.',
  },
  refusedToSchedule: {
    fr: 'Votre dossier n’a pas pu être supprimé, car vous êtes inscrit/e à un ou plusieurs ateliers. Veuillez les annuler ou communiquer avec nous.',
    en: 'Your file could not be deleted because you are registered for one or more workshops. Please cancel them or contact us.',
  },
};

export interface ErasureResult {
  outcome: ErasureOutcome;
  message: LocalizedMessage;
}

/** The folder of a client's files in the uploads and documents buckets (./client-documents.ts keys). */
export const clientFolder = (clientId: string) => `clients/${clientId}/`;
const clientBuckets: FileBucket[] = ['uploads', 'documents'];

/** Kept on deactivation: rows that hold only ids, dates, statuses and amounts (data-model §5). */
const keptOnDeactivation = [
  fileItemPrefixes.registration,
  fileItemPrefixes.phaseEnrolment,
  fileItemPrefixes.privilegeCard,
  fileItemPrefixes.invoice,
  fileItemPrefixes.invoicePayment,
];
/** Kept on deactivation outside the file: orders (accounting) and chat messages (the thread). */
const personKeptOnDeactivation = [personItemPrefixes.order, personItemPrefixes.chat];

// Ids go into keys and an S3 prefix: nothing that could bend either.
const idSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

const eraseInput = z.object({
  clientId: idSchema,
  /** Who asks: the client themself (user id from the session) or a staff member. */
  actor: z.object({ userId: idSchema, kind: z.enum(['client', 'staff']) }),
});

export type RequestClientErasureInput = z.input<typeof eraseInput>;

const notFound = () => new NotFoundError({ fr: 'Le dossier', en: 'The file' });
const answer = (outcome: ErasureOutcome): ErasureResult => ({ outcome, message: erasureMessages[outcome] });
const isRefusal = (decision: ErasureDecision): decision is 'refusedBalance' | 'refusedToSchedule' =>
  decision === 'refusedBalance' || decision === 'refusedToSchedule';

/**
 * Runs the deletion request and answers one of the four outcomes with its message (fr, en).
 * A client may only ask for their own file (another id is not found); staff for any. A file
 * already deactivated answers `deactivated` again; one left `erasing` by an interrupted run is
 * finished.
 */
export async function requestClientErasure(
  deps: EraseDeps,
  input: RequestClientErasureInput,
): Promise<ErasureResult> {
  const { clientId, actor } = parseClientInput(eraseInput, input);
  const { clientProfile } = deps.db.crm.entities;
  const profile = (await clientProfile.get({ clientId }).go({ consistent: true })).data;
  if (!profile) throw notFound();
  if (actor.kind === 'client' && (!profile.userId || profile.userId !== actor.userId)) throw notFound();
  if (profile.status === 'deactivated') return answer('deactivated');

  // Decide before anything changes; a refusal changes nothing.
  const first = judgeErasure(await readHistory(deps, clientId), deps.clock.now());
  if (isRefusal(first)) {
    if (profile.status === 'erasing') await reopen(deps, clientId);
    deps.log.info('client erasure refused', { clientId, outcome: first });
    return answer(first);
  }

  try {
    await clientProfile
      .patch({ clientId })
      .set({ status: 'erasing' })
      .where(({ status }, { eq }) => `${eq(status, 'active')} OR ${eq(status, 'erasing')}`)
      .go();
  } catch (error) {
    const ended = await endedOutcome(deps, clientId, error);
    if (ended) return answer(ended);
    throw error;
  }

  // From here no new item joins the file; read it all once more, as it now stays.
  const fileItems = await readFileItems(deps, clientId);
  const personItems = await readPersonItems(deps, clientId);
  const decision = judgeErasure(
    historyOf(fileItems, await readOrderHeads(deps, personItems)),
    deps.clock.now(),
  );
  if (isRefusal(decision)) {
    // A registration or invoice written between the first read and `erasing`: refuse after all.
    deps.log.warn('client erasure refused after the file was locked', { clientId, outcome: decision });
    await reopen(deps, clientId);
    return answer(decision);
  }
  const outcome = decision;

  const owned = await eraseAccount(deps, profile);
  if (profile.phone) await deps.db.crm.entities.phoneLookup.delete({ phone: profile.phone, clientId }).go();
  await eraseDocuments(deps, clientId);
  await erasePersonItems(deps, outcome, personItems, owned);
  await eraseSendLogs(deps, clientId, owned);
  for (const email of owned) await deps.db.comms.entities.suppression.delete({ email }).go();
  await deleteStoredItems(
    deps,
    fileItems.filter(
      (item) =>
        item.sk !== fileItemPrefixes.profile &&
        !item.sk.startsWith(fileItemPrefixes.document) &&
        !(outcome === 'deactivated' && keptOnDeactivation.some((prefix) => item.sk.startsWith(prefix))),
    ),
  );

  const ended = await finish(deps, profile, outcome, actor.userId);
  deps.log.info('client erased', { clientId, outcome: ended });
  return answer(ended);
}

async function readHistory(deps: EraseDeps, clientId: string): Promise<ClientHistory> {
  const [fileItems, personItems] = await Promise.all([
    readFileItems(deps, clientId),
    readPersonItems(deps, clientId),
  ]);
  return historyOf(fileItems, await readOrderHeads(deps, personItems));
}

/** Puts a file left `erasing` back to `active` (it turned out to be refused). */
async function reopen(deps: EraseDeps, clientId: string): Promise<void> {
  try {
    await deps.db.crm.entities.clientProfile
      .patch({ clientId })
      .set({ status: 'active' })
      .where(({ status }, { eq }) => eq(status, 'erasing'))
      .go();
  } catch (error) {
    if (!(await endedOutcome(deps, clientId, error))) throw error;
  }
}

/** After a refused condition on the profile: the outcome a concurrent run already wrote, if any. */
async function endedOutcome(
  deps: EraseDeps,
  clientId: string,
  error: unknown,
): Promise<'deleted' | 'deactivated' | undefined> {
  if (!isConditionFailure(error)) return undefined;
  const now = (await deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true })).data;
  if (!now) return 'deleted';
  return now.status === 'deactivated' ? 'deactivated' : undefined;
}

/**
 * The log-in account of the file: its sessions end, then the account goes (memberships and saved
 * queries would be beside it, but a pure client has none). An account that also holds another
 * role (organization member, trainer, staff) keeps existing for that role: it is only detached
 * from the file, and its address stays its log-in (data-model §5, ORG-08). Then the e-mail guard
 * of the file's address, unless it still serves such an account. Returns the addresses that were
 * the file's alone: their send logs, messages and suppression are erased too.
 */
async function eraseAccount(deps: EraseDeps, profile: ClientProfile): Promise<string[]> {
  const { clientId, userId } = profile;
  const { account: accounts, membership, emailGuard } = deps.db.identity.entities;
  const candidates = new Set(profile.email ? [profile.email] : []);
  if (userId) {
    const account = (await accounts.get({ userId }).go({ consistent: true })).data;
    const linked = account?.clientId === clientId;
    const otherRoles = linked
      ? (await membership.query.byUser({ userId }).go({ pages: 'all', consistent: true })).data.length > 0
      : false;
    if (account && linked) candidates.add(account.email);
    if (linked && otherRoles) {
      await ignoreConditionFailure(
        accounts
          .patch({ userId })
          .remove(['clientId'])
          .where(({ clientId: attached }, { eq }) => eq(attached, clientId))
          .go(),
      );
    }
    // Sessions carry the client id: end them all, whether the account stays or goes.
    await logOutEverywhere(deps, { userId });
    if (linked && !otherRoles) await accounts.delete({ userId }).go();
  }
  const owned: string[] = [];
  for (const email of candidates) {
    const guard = (await emailGuard.get({ email }).go({ consistent: true })).data;
    const keeper = guard?.userId
      ? (await accounts.get({ userId: guard.userId }).go({ consistent: true })).data
      : null;
    if (keeper) {
      // The address is still an account's log-in (a member's): it stays theirs, without the file.
      if (guard?.clientId === clientId) {
        await ignoreConditionFailure(
          emailGuard
            .patch({ email })
            .remove(['clientId'])
            .where(({ clientId: linked }, { eq }) => eq(linked, clientId))
            .go(),
        );
      }
      continue;
    }
    if (guard && guard.clientId !== clientId) continue; // Someone else's address by now.
    if (guard) {
      await ignoreConditionFailure(
        emailGuard
          .delete({ email })
          .where(({ clientId: linked }, { eq }) => eq(linked, clientId))
          .go(),
      );
    }
    owned.push(email);
  }
  return owned;
}

async function ignoreConditionFailure(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Documents (CRM-10): each object first, then its item, so an interrupted run still finds the
 * object through the item; then everything left under the client's folder in both buckets, which
 * includes uploads that were never confirmed (their item may be gone by TTL).
 */
async function eraseDocuments(deps: EraseDeps, clientId: string): Promise<void> {
  const { clientDocument } = deps.db.crm.entities;
  const documents = await clientDocument.query.byClient({ clientId }).go({ pages: 'all', consistent: true });
  for (const document of documents.data) {
    await deps.files.delete({ bucket: document.bucket, key: document.objectKey });
  }
  if (documents.data.length > 0) {
    const { unprocessed } = await clientDocument
      .delete(documents.data.map(({ clientId: id, at, docId }) => ({ clientId: id, at, docId })))
      .go();
    if (unprocessed.length > 0) await clientDocument.delete(unprocessed).go();
  }
  for (const bucket of clientBuckets) {
    await deps.files.deleteUnder({ bucket, prefix: clientFolder(clientId) });
  }
}

/**
 * Items outside the file that name the person (g4): outbound messages (also those sent to the
 * address before the file existed), staff requests, waiting-list entries, survey answers; on full
 * deletion also orders (only never-paid ones can exist then) with their whole partition. A
 * deactivation keeps orders and chat messages, which their own issues reduce (data-model §5).
 */
async function erasePersonItems(
  deps: EraseDeps,
  outcome: 'deleted' | 'deactivated',
  personItems: PersonItem[],
  owned: string[],
): Promise<void> {
  const beforeFile = await Promise.all(
    owned.map((email) => readPersonItems(deps, `${addressRecipientPrefix}${email}`)),
  );
  const doomed: StoredKey[] = [];
  for (const item of [...personItems, ...beforeFile.flat()]) {
    const kept =
      outcome === 'deactivated' &&
      personKeptOnDeactivation.some((prefix) => item.personKey.startsWith(prefix));
    if (kept) continue;
    if (item.personKey.startsWith(personItemPrefixes.order)) {
      doomed.push(...(await readPartitionOf(deps, item)));
    } else {
      doomed.push({ pk: item.pk, sk: item.sk });
    }
  }
  await deleteStoredItems(deps, doomed);
}

/** The send log (CRM-06) of the file, and of each of its addresses before the file existed. */
async function eraseSendLogs(deps: EraseDeps, clientId: string, owned: string[]): Promise<void> {
  const { sendLog } = deps.db.comms.entities;
  for (const recipientKey of [clientId, ...owned.map((email) => `${addressRecipientPrefix}${email}`)]) {
    const entries = await sendLog.query.byRecipient({ recipientKey }).go({ pages: 'all', consistent: true });
    if (entries.data.length === 0) continue;
    const keys = entries.data.map(({ at, messageId, event }) => ({ recipientKey, at, messageId, event }));
    const { unprocessed } = await sendLog.delete(keys).go({ concurrent: 4 });
    if (unprocessed.length > 0) await sendLog.delete(unprocessed).go();
  }
}

/**
 * The end, in one transaction with its audit entry: the profile deleted, or reduced to what a
 * deactivated file keeps. Replaced whole (not patched), so an attribute added to profiles later
 * is not kept by mistake. Conditioned on `erasing`: of two runs, one writes it.
 */
async function finish(
  deps: EraseDeps,
  profile: ClientProfile,
  outcome: 'deleted' | 'deactivated',
  actorUserId: string,
): Promise<'deleted' | 'deactivated'> {
  const { clientId } = profile;
  const { clientProfile } = deps.db.crm.entities;
  const { auditEntry } = deps.db.identity.entities;
  const entry = newAuditEntry(deps, {
    action: outcome === 'deleted' ? 'client.delete' : 'client.deactivate',
    targetId: clientId,
    actorUserId,
    ...(profile.userId ? { refs: { userId: profile.userId } } : {}),
  });
  const kept: ClientProfile = {
    clientId,
    // The salutation says a gender: the neutral form is kept, restore may set it again.
    salutation: 'x',
    firstName: profile.firstName,
    lastName: profile.lastName,
    firstNameKey: profile.firstNameKey,
    lastNameKey: profile.lastNameKey,
    namePrefix: profile.namePrefix,
    ...(profile.postalCode ? { postalCode: profile.postalCode } : {}),
    postalKey: profile.postalKey,
    postalPrefix: profile.postalPrefix,
    country: profile.country,
    locale: profile.locale,
    status: 'deactivated',
    noEmail: true,
    consentEmail: 'unknown',
    consentPhone: 'unknown',
    consentMail: 'unknown',
    emailStatus: 'ok',
    hasTrainerNote: false,
    createdAt: profile.createdAt,
    createdBy: profile.createdBy,
    updatedAt: deps.clock.now().toISOString(),
    version: profile.version + 1,
  };
  const result = await createWriteTransaction({ clientProfile, auditEntry }, (entities) => [
    outcome === 'deleted'
      ? entities.clientProfile
          .delete({ clientId })
          .where(({ status }, { eq }) => eq(status, 'erasing'))
          .commit()
      : entities.clientProfile
          .put(kept)
          .where(({ status }, { eq }) => eq(status, 'erasing'))
          .commit(),
    entities.auditEntry.create(entry).commit(),
  ]).go();
  if (!result.canceled) return outcome;
  const now = (await clientProfile.get({ clientId }).go({ consistent: true })).data;
  if (!now) return 'deleted';
  if (now.status === 'deactivated') return 'deactivated';
  throw new ConflictError('transaction_canceled', {
    fr: 'La suppression n’a pas pu être terminée parce que le dossier changeait au même moment. Veuillez réessayer.',
    en: 'The deletion could not be finished because the file was changing at the same time. Please try again.',
  });
}
