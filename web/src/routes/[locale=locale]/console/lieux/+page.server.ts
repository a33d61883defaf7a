import { error, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireStaff } from '$lib/server/access';
import { staffActor } from '$lib/server/console/calendar-console';
import { timeZoneOptions } from '$lib/server/console/time-zones';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, pageFailure, readForm } from '$lib/server/form';
import { venueForEdit } from '$shared/calendar/console-review';
import { listVenues, saveVenue } from '$shared/calendar/reference-data';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { defaultTimeZone } from '$shared/kernel/zoned-time';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

/** ORG-09: the venues, and the form to add one or (with `?modifier=`) to edit one. */
export const load: PageServerLoad = async (event) => {
  const principal = requireStaff(event);
  const deps = serverDeps();
  const editing = event.url.searchParams.get('modifier');
  let venue: Awaited<ReturnType<typeof venueForEdit>> | undefined;
  if (editing) {
    try {
      venue = await venueForEdit(deps, { actor: staffActor(principal), venueId: editing });
    } catch (cause) {
      if (cause instanceof NotFoundError || cause instanceof ValidationError) {
        error(404, t(event.locals.locale, 'consoleCalendar.venues.notFound'));
      }
      throw cause;
    }
  }
  const venues = await listVenues(deps);
  return {
    venues,
    editing: venue,
    timeZones: timeZoneOptions(venue?.timeZone),
    defaultTimeZone,
    done: event.url.searchParams.get('fait'),
    doneId: event.url.searchParams.get('lieu'),
  };
};

const names = [
  'venueId',
  'name',
  'address',
  'city',
  'postalCode',
  'latitude',
  'longitude',
  'timeZone',
] as const;

/** '' is no coordinate; a comma is read as the decimal point; anything else that is not a number is refused. */
function coordinate(value: string): number | undefined | 'invalid' {
  const text = value.trim().replace(',', '.');
  if (!text) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : 'invalid';
}

export const actions: Actions = {
  /** ORG-09: create a venue, or save the one named by `venueId`, with its geolocation and zone. */
  save: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, names);
    const labels = {
      name: t(locale, 'consoleCalendar.venues.field.name'),
      address: t(locale, 'consoleCalendar.venues.field.address'),
      city: t(locale, 'consoleCalendar.venues.field.city'),
      postalCode: t(locale, 'consoleCalendar.venues.field.postalCode'),
      latitude: t(locale, 'consoleCalendar.venues.field.latitude'),
      longitude: t(locale, 'consoleCalendar.venues.field.longitude'),
      timeZone: t(locale, 'consoleCalendar.venues.field.timeZone'),
    };
    const options = {
      form: 'venue',
      values,
      labels,
      paths: Object.fromEntries(names.map((name) => [`fields.${name}`, name])),
    };
    const missing = missingFields(
      values,
      { name: labels.name, address: labels.address, city: labels.city },
      locale,
      options,
    );
    if (missing) return missing;
    const latitude = coordinate(values.latitude);
    const longitude = coordinate(values.longitude);
    const notNumbers = Object.fromEntries(
      (
        [
          ['latitude', latitude],
          ['longitude', longitude],
        ] as const
      )
        .filter(([, value]) => value === 'invalid')
        .map(([name]) => [name, t(locale, 'consoleCalendar.venues.notANumber', { label: labels[name] })]),
    );
    const firstNotNumber = Object.values(notNumbers)[0];
    if (firstNotNumber) {
      return pageFailure(400, 'not_a_number', firstNotNumber, { form: 'venue', values, fields: notNumbers });
    }
    let venueId: string;
    try {
      ({ venueId } = await saveVenue(serverDeps(), {
        actor: staffActor(principal),
        venueId: values.venueId || undefined,
        fields: {
          name: values.name,
          address: values.address,
          city: values.city,
          postalCode: values.postalCode.trim() || undefined,
          latitude: latitude === 'invalid' ? undefined : latitude,
          longitude: longitude === 'invalid' ? undefined : longitude,
          timeZone: values.timeZone || undefined,
        },
      }));
    } catch (cause) {
      return formFailure(cause, locale, options);
    }
    const done = values.venueId ? 'enregistre' : 'cree';
    redirect(303, `${paths.consoleVenues(locale)}?fait=${done}&lieu=${encodeURIComponent(venueId)}`);
  },
};
