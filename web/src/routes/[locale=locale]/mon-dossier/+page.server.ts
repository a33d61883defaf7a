import { addressLines, formatDate, formatPhone } from '$lib/server/client-portal/format';
import { consentChannels } from '$shared/crm/client';
import type { PageServerLoad } from './$types';

/** The overview: the layout has the file; this adds the dates of each consent in words. */
export const load: PageServerLoad = async ({ parent, url, locals }) => {
  const { file, timeZone } = await parent();
  const consent = consentChannels.map((channel) => {
    const state = file?.profile.consent[channel] ?? { value: 'unknown' as const };
    return {
      channel,
      value: state.value,
      since: state.at ? formatDate(state.at, locals.locale, timeZone) : undefined,
    };
  });
  const address = file ? addressLines(file.profile.address, locals.locale) : [];
  const phone = file?.profile.phone ? formatPhone(file.profile.phone) : undefined;
  return { consent, address, phone, welcomed: url.searchParams.has('bienvenue') };
};
