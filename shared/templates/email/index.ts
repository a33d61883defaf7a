import type * as z from 'zod/mini';
import { type Locale, PermanentFailureError } from '../../kernel/errors';
import { accessCodeReset } from './access-code-reset';
import { accessHelp } from './access-help';
import { accountEmailVerification } from './account-email-verification';
import { accountPasswordChanged } from './account-password-changed';
import { accountPasswordReset } from './account-password-reset';
import { accountSignupAttempt } from './account-signup-attempt';
import { clientInvitation, clientManualInvitation } from './client-invitation';
import { clientRestoration } from './client-restoration';
import { clientSignup } from './client-signup';
import { type RenderedEmail, renderEmail } from './compose';
import type { EmailTemplateDefinition } from './define-template';
import { eventApproved, eventSentBack, eventSubmitted } from './event-review';
import { memberInvitation } from './member-invitation';
import { orderCancelled, orderCancelledOrganizer } from './order-cancelled';
import { orderConfirmation } from './order-confirmation';
import { orderLatePaymentRefunded } from './order-late-payment-refunded';
import {
  type CompiledTemplate,
  compileTemplate,
  fillBody,
  fillSubject,
  type PlaceholderValues,
  type TemplateProblem,
  type TemplateText,
} from './template-text';
import { waitlistJoined } from './waitlist-joined';
import { waitlistOffer } from './waitlist-offer';

export type { RenderedEmail } from './compose';
export type { EmailTemplateDefinition } from './define-template';
export { normalizeTemplateText, type TemplateProblem, type TemplateText } from './template-text';

/**
 * Every e-mail Parvis sends, by stable id (stored on each queued message, so an id is never
 * renamed). The data of each is validated before it is queued and again when it is rendered.
 */
export const emailTemplates = {
  'client.signup': clientSignup,
  'client.invitation': clientInvitation,
  'client.manualInvitation': clientManualInvitation,
  'client.restoration': clientRestoration,
  'account.emailVerification': accountEmailVerification,
  'account.passwordReset': accountPasswordReset,
  'account.signupAttempt': accountSignupAttempt,
  'account.passwordChanged': accountPasswordChanged,
  'member.invitation': memberInvitation,
  'event.submitted': eventSubmitted,
  'event.approved': eventApproved,
  'event.sentBack': eventSentBack,
  'order.confirmation': orderConfirmation,
  'order.cancelled': orderCancelled,
  'order.cancelled.organizer': orderCancelledOrganizer,
  'order.late-payment-refunded': orderLatePaymentRefunded,
  'waitlist.joined': waitlistJoined,
  'waitlist.offer': waitlistOffer,
  'access.help': accessHelp,
  'access.codeReset': accessCodeReset,
} as const;

export type EmailTemplateId = keyof typeof emailTemplates;
export type EmailTemplateData<T extends EmailTemplateId> = z.input<(typeof emailTemplates)[T]['data']>;

export const emailTemplateIds = Object.keys(emailTemplates) as EmailTemplateId[];

export function isEmailTemplateId(id: string): id is EmailTemplateId {
  return Object.hasOwn(emailTemplates, id);
}

export function emailTemplate(id: EmailTemplateId): EmailTemplateDefinition {
  return emailTemplates[id] as unknown as EmailTemplateDefinition;
}

/** Checks a text staff wrote for a template: every problem, each naming its placeholder. */
export function checkTemplateText(id: EmailTemplateId, text: TemplateText): TemplateProblem[] {
  return compileTemplate(text, emailTemplate(id).placeholders).problems;
}

/** A placeholder as the editor lists it. */
export interface PlaceholderInfo {
  /** As written in a template: `{prenom_client}`. */
  token: string;
  kind: 'text' | 'link';
  description: { fr: string; en: string };
  required: boolean;
}

export function templatePlaceholders(id: EmailTemplateId): PlaceholderInfo[] {
  return Object.entries(emailTemplate(id).placeholders).map(([name, spec]) => ({
    token: `{${name}}`,
    kind: spec.kind,
    description: spec.description,
    required: spec.required === true,
  }));
}

// The defaults are checked once per container (and by the tests), not at every send.
const compiledDefaults = new Map<string, CompiledTemplate>();

function compiledDefault(id: EmailTemplateId, locale: Locale): CompiledTemplate {
  const key = `${id}#${locale}`;
  let compiled = compiledDefaults.get(key);
  if (!compiled) {
    const definition = emailTemplate(id);
    const { template, problems } = compileTemplate(definition.defaults[locale], definition.placeholders);
    if (problems.length > 0)
      throw new Error(`Default template ${key} is invalid: ${problems[0]?.message.en}`);
    compiled = template;
    compiledDefaults.set(key, compiled);
  }
  return compiled;
}

/**
 * Renders a message. `text` is the staff's override of the template for this locale, if any; an
 * override that no longer fits its template (a placeholder removed from the code since) falls
 * back to the default rather than failing the mail. Bad data or an unknown template can never
 * succeed on retry: `PermanentFailureError`.
 */
export function renderTemplate(
  templateId: string,
  locale: Locale,
  data: unknown,
  text?: TemplateText,
): RenderedEmail {
  if (!isEmailTemplateId(templateId)) {
    throw new PermanentFailureError('unknown_template', {
      fr: `Modèle de courriel inconnu : ${templateId}`,
      en: `Unknown e-mail template: ${templateId}`,
    });
  }
  const definition = emailTemplate(templateId);
  const parsed = definition.data.safeParse(data);
  if (!parsed.success) {
    throw new PermanentFailureError(
      'invalid_template_data',
      { fr: 'Données du courriel invalides.', en: 'Invalid e-mail data.' },
      parsed.error,
    );
  }
  const rules = definition.placeholders;
  const values: PlaceholderValues = Object.fromEntries(
    Object.entries(rules).map(([name, spec]) => [name, spec.value(parsed.data, locale)]),
  );
  const fallback = compiledDefault(templateId, locale);
  let template = fallback;
  if (text) {
    const compiled = compileTemplate(text, rules);
    if (compiled.problems.length === 0) template = compiled.template;
  }
  const subject = fillSubject(template, rules, values) || fillSubject(fallback, rules, values);
  return renderEmail(locale, { subject, blocks: fillBody(template, rules, values, locale) });
}
