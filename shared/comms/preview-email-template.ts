import * as z from 'zod/mini';
import type { Deps } from '../deps';
import type { Locale } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import {
  type EmailTemplateId,
  emailTemplate,
  type RenderedEmail,
  renderTemplate,
  type TemplateText,
} from '../templates/email';
import { templateRefSchema } from './list-email-templates';
import { validateTemplateDraft } from './save-email-template';

const previewSchema = z.object({
  ...templateRefSchema.shape,
  /** The text being edited; without it, the wording sent today. */
  draft: z.optional(z.object({ subject: z.string(), body: z.string() })),
});

/**
 * The editor's preview (COM-01): the draft rendered exactly as the sender would, with the
 * template's sample data, without saving anything. A draft that could not be saved is refused the
 * same way (`ValidationError` naming the placeholder). The HTML is a whole document: show it in a
 * sandboxed frame, never inline in the page.
 */
export async function previewEmailTemplate(
  deps: Pick<Deps, 'db'>,
  input: { key: string; locale: string; draft?: TemplateText },
): Promise<RenderedEmail & { sample: unknown }> {
  const parsed = parseInput(previewSchema, input);
  const key = parsed.key as EmailTemplateId;
  const locale: Locale = parsed.locale;
  let text: TemplateText | undefined;
  if (parsed.draft) {
    text = validateTemplateDraft(key, parsed.draft);
  } else {
    const saved = (
      await deps.db.comms.entities.emailTemplate.get({ templateKey: key, locale }).go({ consistent: true })
    ).data;
    text = saved ? { subject: saved.subject, body: saved.body } : undefined;
  }
  const sample = emailTemplate(key).sample;
  return { ...renderTemplate(key, locale, sample, text), sample };
}
