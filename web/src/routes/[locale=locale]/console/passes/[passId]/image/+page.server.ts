import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireStaff } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { formFailure } from '$lib/server/form';
import {
  cropImage,
  type ImageSubject,
  loadImagePage,
  prepareImageUpload,
} from '$lib/server/organization/image-page';
import { NotFoundError } from '$shared/kernel/errors';
import { t } from '$shared/templates/i18n/messages';
import { PassChangedError } from '$shared/ticketing/errors';
import { attachPassImage, PassImageNotCroppedError, removePassImage } from '$shared/ticketing/pass-image';
import { passOf } from '../../pass-forms.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type Event = RequestEvent;

/**
 * TIX-08: a pass's theme image, for staff only (`requireStaff` in every load and action: the
 * layout's guard does not run before an action). The image is the selling organization's: staff
 * act for it (`staff: true`), and `attachPassImage` refuses any other organization's image.
 */
async function passSubject(event: Event) {
  const principal = requireStaff(event);
  let pass = await passOf(event);
  const subject: ImageSubject = {
    actor: { userId: principal.userId, orgId: pass.orgId, staff: true },
    path: paths.consolePassImage(event.locals.locale, pass.passId),
    imageId: pass.imageId,
    async attach(imageId) {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          await attachPassImage(serverDeps(), {
            actor: { userId: principal.userId },
            passId: pass.passId,
            imageId,
            expectedVersion: pass.version,
          });
          return true;
        } catch (cause) {
          // Another organization's image (staff may open any), or one without its calendar crop: not attached.
          if (cause instanceof NotFoundError || cause instanceof PassImageNotCroppedError) return false;
          if (!(cause instanceof PassChangedError)) throw cause;
          pass = await passOf(event);
        }
      }
      return false;
    },
  };
  return { pass, subject };
}

export const load: PageServerLoad = async (event) => {
  const { pass, subject } = await passSubject(event);
  const page = await loadImagePage(event, subject);
  // Read again after a possible attach: the removal form posts the version it shows.
  const shown = page.attached && page.image?.imageId !== pass.imageId ? await passOf(event) : pass;
  return {
    pass: {
      passId: shown.passId,
      title: shown.title,
      version: shown.version,
      hasImage: Boolean(shown.imageId),
    },
    ...page,
  };
};

export const actions: Actions = {
  /** TIX-08: the pass is shown without an image again (the version posted must be the stored one). */
  remove: async (event) => {
    const principal = requireStaff(event);
    const pass = await passOf(event);
    const { locale } = event.locals;
    const version = String((await event.request.formData()).get('version') ?? '');
    try {
      await removePassImage(serverDeps(), {
        actor: { userId: principal.userId },
        passId: pass.passId,
        expectedVersion: Number.parseInt(version, 10) || 0,
      });
    } catch (cause) {
      return formFailure(cause, locale, { form: 'remove', values: { version } });
    }
    redirect(303, `${paths.consolePass(locale, pass.passId)}?fait=imageRemoved`);
  },
  prepare: async (event) => prepareImageUpload(event, (await passSubject(event)).subject),
  crop: async (event) =>
    cropImage(event, (await passSubject(event)).subject, {
      calendar: t(event.locals.locale, 'consolePasses.image.calendar'),
      sheet: t(event.locals.locale, 'consolePasses.image.sheet'),
    }),
};
