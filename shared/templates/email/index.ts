import type * as z from 'zod/mini';
import { type Locale, PermanentFailureError } from '../../kernel/errors';
import { clientInvitation, clientInvitationData } from './client-invitation';
import { type EmailContent, type RenderedEmail, renderEmail } from './compose';

interface TemplateDefinition<S extends z.ZodMiniType> {
  data: S;
  content: (locale: Locale, data: z.output<S>) => EmailContent;
}

function define<S extends z.ZodMiniType>(definition: TemplateDefinition<S>): TemplateDefinition<S> {
  return definition;
}

/** Every e-mail Parvis sends, by stable id. The data of each is validated before it is queued. */
export const emailTemplates = {
  'client.invitation': define({ data: clientInvitationData, content: clientInvitation }),
} as const;

export type EmailTemplateId = keyof typeof emailTemplates;
export type EmailTemplateData<T extends EmailTemplateId> = z.input<(typeof emailTemplates)[T]['data']>;

export function isEmailTemplateId(id: string): id is EmailTemplateId {
  return Object.hasOwn(emailTemplates, id);
}

/** Renders a stored message; bad data or an unknown template can never succeed on retry. */
export function renderTemplate(templateId: string, locale: Locale, data: unknown): RenderedEmail {
  if (!isEmailTemplateId(templateId)) {
    throw new PermanentFailureError('unknown_template', {
      fr: `Modèle de courriel inconnu : ${templateId}`,
      en: `Unknown e-mail template: ${templateId}`,
    });
  }
  const template: TemplateDefinition<z.ZodMiniType> = emailTemplates[templateId];
  const parsed = template.data.safeParse(data);
  if (!parsed.success) {
    throw new PermanentFailureError(
      'invalid_template_data',
      { fr: 'Données du courriel invalides.', en: 'Invalid e-mail data.' },
      parsed.error,
    );
  }
  return renderEmail(locale, template.content(locale, parsed.data));
}
