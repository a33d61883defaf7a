import { error, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireStaff } from '$lib/server/access';
import { staffActor } from '$lib/server/console/calendar-console';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { listTaxonomyTerms, saveTaxonomyTerm } from '$shared/calendar/reference-data';
import type { TaxonomyKind } from '$shared/calendar/taxonomy-term';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

/** The lists' segments in the URL (French in both languages), and the kind each names. */
const kinds = {
  categories: 'category',
  clienteles: 'audience',
  'types-exposition': 'exhibitionType',
} as const satisfies Record<string, TaxonomyKind>;
type KindSegment = keyof typeof kinds;

const segmentOf = (value: string | null): KindSegment =>
  value && value in kinds ? (value as KindSegment) : 'categories';

/** ORG-09: one list at a time (`?liste=`), with the form to add to it or (`?modifier=`) rename one. */
export const load: PageServerLoad = async (event) => {
  requireStaff(event);
  const segment = segmentOf(event.url.searchParams.get('liste'));
  const kind = kinds[segment];
  const terms = await listTaxonomyTerms(serverDeps(), kind);
  const editingId = event.url.searchParams.get('modifier');
  const editing = editingId ? terms.find((term) => term.termId === editingId) : undefined;
  if (editingId && !editing) error(404, t(event.locals.locale, 'consoleCalendar.terms.notFound'));
  return {
    segment,
    kind,
    segments: Object.entries(kinds).map(([value, of]) => ({ segment: value, kind: of })),
    terms,
    editing,
    done: event.url.searchParams.get('fait'),
    doneId: event.url.searchParams.get('element'),
  };
};

export const actions: Actions = {
  /** ORG-09: add a term to a list, or rename the one named by `termId` (its id never changes). */
  save: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, [
      'liste',
      'termId',
      'nameFr',
      'nameEn',
      'requiresExhibitionType',
    ]);
    const segment = segmentOf(values.liste);
    const labels = {
      nameFr: t(locale, 'consoleCalendar.terms.field.nameFr'),
      nameEn: t(locale, 'consoleCalendar.terms.field.nameEn'),
    };
    const options = {
      form: 'term',
      values,
      labels,
      paths: { 'fields.nameFr': 'nameFr', 'fields.nameEn': 'nameEn' },
    };
    const missing = missingFields(values, labels, locale, options);
    if (missing) return missing;
    let termId: string;
    try {
      ({ termId } = await saveTaxonomyTerm(serverDeps(), {
        actor: staffActor(principal),
        kind: kinds[segment],
        termId: values.termId || undefined,
        fields: {
          nameFr: values.nameFr,
          nameEn: values.nameEn,
          requiresExhibitionType: values.requiresExhibitionType === 'on',
        },
      }));
    } catch (cause) {
      return formFailure(cause, locale, options);
    }
    const done = values.termId ? 'renomme' : 'cree';
    redirect(
      303,
      `${paths.consoleTerms(locale, segment)}&fait=${done}&element=${encodeURIComponent(termId)}`,
    );
  },
};
