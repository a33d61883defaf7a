import { requireStaff } from '$lib/server/access';
import { namesOf } from '$lib/server/console/people';
import { serverDeps } from '$lib/server/deps';
import { listEmailTemplates } from '$shared/comms/list-email-templates';
import type { PageServerLoad } from './$types';

/** COM-01: every e-mail template, and whether staff reworded its French or English text. */
export const load: PageServerLoad = async (event) => {
  requireStaff(event);
  const deps = serverDeps();
  const templates = await listEmailTemplates(deps);
  const names = await namesOf(
    deps,
    templates.flatMap((template) =>
      [template.locales.fr.updatedBy, template.locales.en.updatedBy].filter((id): id is string =>
        Boolean(id),
      ),
    ),
  );
  return { templates, names };
};
