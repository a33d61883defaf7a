import { Entity, type EntityItem } from 'electrodb';
import type { Deps } from '../deps';
import type { Locale } from '../kernel/errors';
import { checkTemplateText, isEmailTemplateId, type TemplateText } from '../templates/email';

/**
 * Staff's wording of one e-mail template in one locale (COM-01): `TEMPLATES` · `<templateKey>#<locale>`
 * (docs/data-model.md §2.2). Absent means the default text in code (shared/templates/email/). The
 * whole set is one small partition, listed with one Query. `version` starts at 1 and is raised by
 * every save under a condition on the version the editor read, so of two staff saving at once the
 * second is refused instead of silently undoing the first.
 */
export const emailTemplateEntity = () =>
  new Entity(
    {
      model: { entity: 'emailTemplate', version: '1', service: 'parvis' },
      attributes: {
        templateKey: { type: 'string', required: true, readOnly: true },
        locale: { type: ['fr', 'en'] as const, required: true, readOnly: true },
        subject: { type: 'string', required: true },
        /** Plain text with placeholders (shared/templates/email/template-text.ts), never HTML. */
        body: { type: 'string', required: true },
        version: { type: 'number', required: true },
        updatedAt: { type: 'string', required: true },
        /** The staff user id. */
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        byKey: {
          pk: { field: 'pk', composite: [], template: 'TEMPLATES', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['templateKey', 'locale'],
            template: '${templateKey}#${locale}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type EmailTemplateOverride = EntityItem<ReturnType<typeof emailTemplateEntity>>;

/**
 * How long a container trusts what it read. Every send reads its template's override (one GetItem),
 * and a mailing of 500 would read the same item 500 times; a minute of cache makes that one read,
 * at the price that a staff edit reaches other containers up to a minute later (a save in this
 * container is seen at once).
 */
export const emailTemplateCacheMs = 60_000;

type Cached = { until: number; text: TemplateText | undefined };

// Per table (entity instance), so two deps over two tables in one process never mix.
const caches = new WeakMap<object, Map<string, Cached>>();

function cacheOf(deps: Pick<Deps, 'db'>): Map<string, Cached> {
  const entity = deps.db.comms.entities.emailTemplate;
  let cache = caches.get(entity);
  if (!cache) {
    cache = new Map();
    caches.set(entity, cache);
  }
  return cache;
}

/**
 * The override the sender renders with, or `undefined` for the default. An override that no longer
 * fits its template (a placeholder removed from the code since it was saved) is ignored, logged,
 * and the default is sent: a mail is never lost over a wording.
 */
export async function findEmailTemplateOverride(
  deps: Pick<Deps, 'db' | 'log'>,
  templateKey: string,
  locale: Locale,
): Promise<TemplateText | undefined> {
  if (!isEmailTemplateId(templateKey)) return undefined;
  const cache = cacheOf(deps);
  const key = `${templateKey}#${locale}`;
  const cached = cache.get(key);
  if (cached && cached.until > Date.now()) return cached.text;
  const item = (await deps.db.comms.entities.emailTemplate.get({ templateKey, locale }).go()).data;
  let text: TemplateText | undefined = item ? { subject: item.subject, body: item.body } : undefined;
  if (text && checkTemplateText(templateKey, text).length > 0) {
    deps.log.warn('e-mail template override no longer valid: default used', {
      templateKey,
      locale,
      version: item?.version,
    });
    text = undefined;
  }
  cache.set(key, { until: Date.now() + emailTemplateCacheMs, text });
  return text;
}

/** After a save or a reset in this container: the next send reads the table again. */
export function forgetCachedEmailTemplate(deps: Pick<Deps, 'db'>, templateKey: string, locale: Locale): void {
  cacheOf(deps).delete(`${templateKey}#${locale}`);
}
