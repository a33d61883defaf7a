import { createWriteTransaction } from 'electrodb';
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { newAuditEntry } from '../identity/audit';
import { ConflictError, type Locale, ValidationError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import {
  checkTemplateText,
  type EmailTemplateId,
  normalizeTemplateText,
  type TemplateText,
} from '../templates/email';
import { forgetCachedEmailTemplate } from './email-template-store';
import { templateRefSchema } from './list-email-templates';

export const maxSubjectLength = 200;
export const maxBodyLength = 20_000;

/** Two staff edited the same wording: the later save is refused, never silently merged. */
export class TemplateChangedError extends ConflictError {
  constructor() {
    super('template_changed', {
      fr: 'Ce modèle a été modifié par quelqu’un d’autre depuis que vous l’avez ouvert. Rouvrez-le pour voir sa version actuelle, puis refaites vos changements.',
      en: 'Someone else changed this template since you opened it. Open it again to see the current version, then redo your changes.',
    });
  }
}

// Generous bounds before normalization, only so a huge payload is refused before any work.
const draftSchema = z.object({
  subject: z.string().check(z.maxLength(maxSubjectLength * 10)),
  body: z.string().check(z.maxLength(maxBodyLength * 2)),
});

const versionSchema = z.int().check(z.nonnegative(), z.maximum(1_000_000_000));

const saveSchema = z.object({
  ...templateRefSchema.shape,
  ...draftSchema.shape,
  /** The version the editor opened (0: the default, never saved). */
  expectedVersion: versionSchema,
  /** The staff user id (authorization is the caller's: staff only). */
  updatedBy: z.string().check(z.minLength(1), z.maxLength(64)),
});

/**
 * A draft as it will be stored: normalized, within bounds, and using only the placeholders its
 * template allows. One `ValidationError` names every problem in French and English, the unknown
 * placeholder included, so staff fix them all in one go. HTML is kept as typed: it is text, and
 * escaped when rendered.
 */
export function validateTemplateDraft(key: EmailTemplateId, draft: TemplateText): TemplateText {
  const text = normalizeTemplateText(parseInput(draftSchema, draft));
  const problems: { path: string; fr: string; en: string }[] = [];
  if (!text.subject) {
    problems.push({ path: 'subject', fr: 'L’objet est obligatoire.', en: 'The subject is required.' });
  } else if (text.subject.length > maxSubjectLength) {
    problems.push({
      path: 'subject',
      fr: `L’objet doit compter au plus ${maxSubjectLength} caractères (il en compte ${text.subject.length}).`,
      en: `The subject must be at most ${maxSubjectLength} characters long (it has ${text.subject.length}).`,
    });
  }
  if (!text.body) {
    problems.push({ path: 'body', fr: 'Le texte est obligatoire.', en: 'The body is required.' });
  } else if (text.body.length > maxBodyLength) {
    problems.push({
      path: 'body',
      fr: `Le texte doit compter au plus ${maxBodyLength} caractères (il en compte ${text.body.length}).`,
      en: `The body must be at most ${maxBodyLength} characters long (it has ${text.body.length}).`,
    });
  }
  if (problems.length === 0) {
    for (const problem of checkTemplateText(key, text)) {
      problems.push({ path: problem.field, ...problem.message });
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(
      problems.map((problem) => ({ path: problem.path, message: problem.en })),
      {
        fr: problems.map((problem) => problem.fr).join(' '),
        en: problems.map((problem) => problem.en).join(' '),
      },
    );
  }
  return text;
}

/**
 * Saves staff's wording of a template for one locale (COM-01), against the version they opened:
 * the first save creates it only if none exists, later ones replace it only if still at that
 * version; otherwise `TemplateChangedError`. Its `template.save` audit entry is written in the same
 * transaction. Senders see it within a minute (see `emailTemplateCacheMs`).
 */
export async function saveEmailTemplate(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: {
    key: string;
    locale: string;
    subject: string;
    body: string;
    expectedVersion: number;
    updatedBy: string;
  },
): Promise<{ version: number; updatedAt: string }> {
  const parsed = parseInput(saveSchema, input);
  const key = parsed.key as EmailTemplateId;
  const locale: Locale = parsed.locale;
  const text = validateTemplateDraft(key, parsed);
  const { emailTemplate } = deps.db.comms.entities;
  const { auditEntry } = deps.db.identity.entities;
  const updatedAt = deps.clock.now().toISOString();
  const version = parsed.expectedVersion + 1;
  const entry = newAuditEntry(deps, {
    action: 'template.save',
    targetId: `${key}:${locale}`,
    actorUserId: parsed.updatedBy,
  });
  // The wording and its audit entry (PLAT-02) in one transaction.
  const result = await createWriteTransaction({ emailTemplate, auditEntry }, (tx) => [
    parsed.expectedVersion === 0
      ? // `create` is conditioned on the item not existing.
        tx.emailTemplate
          .create({ templateKey: key, locale, ...text, version, updatedAt, updatedBy: parsed.updatedBy })
          .commit()
      : tx.emailTemplate
          .patch({ templateKey: key, locale })
          .set({ ...text, version, updatedAt, updatedBy: parsed.updatedBy })
          .where((attributes, { eq }) => eq(attributes.version, parsed.expectedVersion))
          .commit(),
    tx.auditEntry.create(entry).commit(),
  ]).go();
  if (result.canceled) throw new TemplateChangedError();
  forgetCachedEmailTemplate(deps, key, locale);
  return { version, updatedAt };
}

const resetSchema = z.object({
  ...templateRefSchema.shape,
  expectedVersion: versionSchema,
  actorUserId: z.string().check(z.minLength(1), z.maxLength(64)),
});

/**
 * Goes back to the default wording (COM-01) by deleting the override, if it is still the version
 * staff saw (`TemplateChangedError` otherwise), with its `template.reset` audit entry in the same
 * transaction. Resetting a template never saved does nothing (and audits nothing).
 */
export async function resetEmailTemplate(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: { key: string; locale: string; expectedVersion: number; actorUserId: string },
): Promise<{ version: 0 }> {
  const parsed = parseInput(resetSchema, input);
  const key = parsed.key as EmailTemplateId;
  const { emailTemplate } = deps.db.comms.entities;
  if (parsed.expectedVersion === 0) {
    // Staff saw the default: if someone saved a wording since, resetting would not be what they saw.
    const saved = await emailTemplate
      .get({ templateKey: key, locale: parsed.locale })
      .go({ consistent: true });
    if (saved.data) throw new TemplateChangedError();
  } else {
    const { auditEntry } = deps.db.identity.entities;
    const entry = newAuditEntry(deps, {
      action: 'template.reset',
      targetId: `${key}:${parsed.locale}`,
      actorUserId: parsed.actorUserId,
    });
    const result = await createWriteTransaction({ emailTemplate, auditEntry }, (tx) => [
      tx.emailTemplate
        .delete({ templateKey: key, locale: parsed.locale })
        .where((attributes, { eq }) => eq(attributes.version, parsed.expectedVersion))
        .commit(),
      tx.auditEntry.create(entry).commit(),
    ]).go();
    if (result.canceled) throw new TemplateChangedError();
  }
  forgetCachedEmailTemplate(deps, key, parsed.locale);
  return { version: 0 };
}
