import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/access';
import { readTrail } from '$lib/server/console/cursor-trail';
import { serverDeps } from '$lib/server/deps';
import { clientEmailLog } from '$shared/crm/client-email-log';
import { getClientFileForStaff } from '$shared/crm/get-client-file';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { emailTemplate, emailTemplateIds } from '$shared/templates/email';
import { t } from '$shared/templates/i18n/messages';
import type { PageServerLoad } from './$types';

/** « Consulter les logs » (CRM-06): every e-mail the system sent to the client, 50 a page. */
export const load: PageServerLoad = async (event) => {
  requireStaff(event);
  const { locale } = event.locals;
  const deps = serverDeps();
  const trail = readTrail(event.url);
  try {
    const [file, log] = await Promise.all([
      getClientFileForStaff(deps, { clientId: event.params.clientId }),
      clientEmailLog(deps, { clientId: event.params.clientId, cursor: trail.cursor, limit: 50 }),
    ]);
    return {
      client: {
        clientId: file.profile.clientId,
        firstName: file.profile.firstName,
        lastName: file.profile.lastName,
      },
      log,
      page: trail.page,
      previousUrl: trail.previousUrl,
      nextUrl: trail.nextUrl(log.cursor),
      templateNames: Object.fromEntries(emailTemplateIds.map((id) => [id, emailTemplate(id).name[locale]])),
    };
  } catch (cause) {
    if (cause instanceof NotFoundError) error(404, t(locale, 'console.file.notFound'));
    if (cause instanceof ValidationError) error(400, cause.userMessage[locale]);
    throw cause;
  }
};
