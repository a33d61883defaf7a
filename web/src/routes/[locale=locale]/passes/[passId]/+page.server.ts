import { renditionUrl } from '$lib/components/calendar/format';
import { loadCheckout, passSellable, submitCheckout } from '$lib/server/checkout/checkout-page';
import { serverDeps } from '$lib/server/deps';
import type { StoredRendition } from '$shared/images/crops';
import { passPageImage } from '$shared/ticketing/pass-image';
import { readPass } from '$shared/ticketing/passes';
import type { Actions, PageServerLoad } from './$types';

/** TIX-08: the pass's theme image in its page's header (the sheet crop) and its share image. */
async function headerImage(passId: string, origin: string) {
  const pass = passId.length <= 64 ? await readPass(serverDeps(), passId) : undefined;
  if (!pass?.imageId) return { image: undefined, shareImage: undefined };
  const { sheet, shareImageKey } = await passPageImage(serverDeps(), pass);
  return {
    image: sheet && { renditions: sheet.renditions as StoredRendition[] },
    shareImage: shareImageKey ? `${origin}${renditionUrl(shareImageKey)}` : undefined,
  };
}

/**
 * TIX-08: a pass's page — its theme image, its events, its tiers and the buying form, the same as
 * an event's checkout (« Acheter la passe », or « Réserver » when every tier is free). Dynamic and
 * the visitor's own (no-store): live availability and a fresh checkout key at each view. A draft, a
 * withdrawn or an unknown pass is 404; one not yet or no longer on sale says so, without a form.
 */
export const load: PageServerLoad = async (event) => {
  const [page, image] = await Promise.all([
    loadCheckout(event, passSellable),
    headerImage(event.params.passId, event.url.origin),
  ]);
  return { ...page, ...image };
};

export const actions: Actions = {
  default: (event) => submitCheckout(event, passSellable),
};
