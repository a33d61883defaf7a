import * as z from 'zod/mini';
import type { Deps } from '../deps';
import type { Locale, LocalizedMessage } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import {
  type EmailTemplateId,
  emailTemplate,
  emailTemplateIds,
  isEmailTemplateId,
  type PlaceholderInfo,
  type TemplateText,
  templatePlaceholders,
} from '../templates/email';
import type { EmailTemplateOverride } from './email-template-store';

const locales = ['fr', 'en'] as const;

/** Who last changed a wording, and the version a save must name (0: the default, never saved). */
export interface OverrideState {
  overridden: boolean;
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export interface EmailTemplateSummary {
  key: EmailTemplateId;
  name: LocalizedMessage;
  purpose: LocalizedMessage;
  locales: Record<Locale, OverrideState>;
}

function stateOf(item: EmailTemplateOverride | undefined): OverrideState {
  return item
    ? { overridden: true, version: item.version, updatedAt: item.updatedAt, updatedBy: item.updatedBy }
    : { overridden: false, version: 0 };
}

/** The staff list (COM-01): every template, and which locales staff reworded. One Query. */
export async function listEmailTemplates(deps: Pick<Deps, 'db'>): Promise<EmailTemplateSummary[]> {
  const items = (await deps.db.comms.entities.emailTemplate.query.byKey({}).go({ pages: 'all' })).data;
  const byKey = new Map(items.map((item) => [`${item.templateKey}#${item.locale}`, item]));
  return emailTemplateIds.map((key) => {
    const definition = emailTemplate(key);
    return {
      key,
      name: definition.name,
      purpose: definition.purpose,
      locales: {
        fr: stateOf(byKey.get(`${key}#fr`)),
        en: stateOf(byKey.get(`${key}#en`)),
      },
    };
  });
}

export const templateRefSchema = z.object({
  key: z.string().check(z.refine(isEmailTemplateId, { message: 'unknown e-mail template' })),
  locale: z.enum(locales),
});

export interface EmailTemplateDetail extends OverrideState {
  key: EmailTemplateId;
  locale: Locale;
  name: LocalizedMessage;
  purpose: LocalizedMessage;
  /** The wording in code, to compare with or go back to. */
  default: TemplateText;
  /** What is sent today: the override, or the default. */
  current: TemplateText;
  placeholders: PlaceholderInfo[];
}

/** What the editor opens (COM-01): default, current wording, version to save against, placeholders. */
export async function getEmailTemplate(
  deps: Pick<Deps, 'db'>,
  input: { key: string; locale: string },
): Promise<EmailTemplateDetail> {
  const { key, locale } = parseInput(templateRefSchema, input) as { key: EmailTemplateId; locale: Locale };
  const definition = emailTemplate(key);
  // Consistent: an editor must see the version it will save against.
  const item = (
    await deps.db.comms.entities.emailTemplate.get({ templateKey: key, locale }).go({ consistent: true })
  ).data;
  const fallback = definition.defaults[locale];
  return {
    key,
    locale,
    name: definition.name,
    purpose: definition.purpose,
    default: fallback,
    current: item ? { subject: item.subject, body: item.body } : fallback,
    placeholders: templatePlaceholders(key),
    ...stateOf(item ?? undefined),
  };
}
