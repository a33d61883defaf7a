/**
 * Demo data for the calendar: realistic organizations, venues, pick lists and events in and
 * around Rimouski (a festival with its programme, free, online, exhibitions, multi-day), as pure
 * data. The seed and the bench feed these to the use cases (saveEvent, submit, approve); nothing
 * here touches the table. Deterministic: the same `seed` gives the same events.
 */

import { addDays } from '../kernel/zoned-time';
import type { EventFieldsInput } from './event-input';
import type { TaxonomyKind } from './taxonomy-term';

export interface FixtureVenue {
  venueId: string;
  name: string;
  address: string;
  city: string;
  postalCode: string;
  latitude: number;
  longitude: number;
  timeZone: string;
}

export const fixtureVenues: FixtureVenue[] = [
  {
    venueId: 'VEN-SALLE-DESJARDINS',
    name: 'Salle Desjardins-TELUS',
    address: '50, rue Saint-Germain Ouest',
    city: 'Rimouski',
    postalCode: 'G5L 4B5',
    latitude: 48.4497,
    longitude: -68.5247,
    timeZone: 'America/Toronto',
  },
  {
    venueId: 'VEN-PARADIS',
    name: 'Coopérative Paradis',
    address: '274, avenue Belzile',
    city: 'Rimouski',
    postalCode: 'G5L 3G1',
    latitude: 48.4431,
    longitude: -68.5326,
    timeZone: 'America/Toronto',
  },
  {
    venueId: 'VEN-MUSEE',
    name: 'Musée régional de Rimouski',
    address: '35, rue Saint-Germain Ouest',
    city: 'Rimouski',
    postalCode: 'G5L 4B4',
    latitude: 48.4492,
    longitude: -68.5232,
    timeZone: 'America/Toronto',
  },
  {
    venueId: 'VEN-CAPITOL',
    name: 'Théâtre du Bic',
    address: '50, route du Golf-du-Bic',
    city: 'Rimouski (Le Bic)',
    postalCode: 'G0L 1B0',
    latitude: 48.3772,
    longitude: -68.7003,
    timeZone: 'America/Toronto',
  },
  {
    venueId: 'VEN-BIBLIO',
    name: 'Bibliothèque Lisette-Morin',
    address: '110, rue de l’Évêché Est',
    city: 'Rimouski',
    postalCode: 'G5L 1X9',
    latitude: 48.4502,
    longitude: -68.5201,
    timeZone: 'America/Toronto',
  },
  {
    venueId: 'VEN-PHARE',
    name: 'Site historique maritime de la Pointe-au-Père',
    address: '1000, rue du Phare',
    city: 'Rimouski',
    postalCode: 'G5M 1L8',
    latitude: 48.5175,
    longitude: -68.4697,
    timeZone: 'America/Toronto',
  },
  {
    venueId: 'VEN-CEGEP',
    name: 'Salle Georges-Beaulieu (Cégep de Rimouski)',
    address: '60, rue de l’Évêché Ouest',
    city: 'Rimouski',
    postalCode: 'G5L 4H6',
    latitude: 48.4468,
    longitude: -68.5309,
    timeZone: 'America/Toronto',
  },
  {
    venueId: 'VEN-PARC-BEAUSEJOUR',
    name: 'Parc Beauséjour',
    address: '375, boulevard de la Rivière',
    city: 'Rimouski',
    postalCode: 'G5L 7R1',
    latitude: 48.4358,
    longitude: -68.5251,
    timeZone: 'America/Toronto',
  },
];

export interface FixtureTerm {
  kind: TaxonomyKind;
  termId: string;
  nameFr: string;
  nameEn: string;
  requiresExhibitionType?: boolean;
}

export const fixtureTerms: FixtureTerm[] = [
  { kind: 'category', termId: 'CAT-MUSIQUE', nameFr: 'Musique', nameEn: 'Music' },
  { kind: 'category', termId: 'CAT-THEATRE', nameFr: 'Théâtre', nameEn: 'Theatre' },
  { kind: 'category', termId: 'CAT-DANSE', nameFr: 'Danse', nameEn: 'Dance' },
  { kind: 'category', termId: 'CAT-HUMOUR', nameFr: 'Humour', nameEn: 'Comedy' },
  { kind: 'category', termId: 'CAT-CINEMA', nameFr: 'Cinéma', nameEn: 'Film' },
  { kind: 'category', termId: 'CAT-LITTERATURE', nameFr: 'Littérature', nameEn: 'Literature' },
  { kind: 'category', termId: 'CAT-MUSEE', nameFr: 'Musée', nameEn: 'Museum', requiresExhibitionType: true },
  { kind: 'category', termId: 'CAT-PATRIMOINE', nameFr: 'Patrimoine', nameEn: 'Heritage' },
  { kind: 'category', termId: 'CAT-ATELIER', nameFr: 'Atelier', nameEn: 'Workshop' },
  { kind: 'audience', termId: 'AUD-FAMILLE', nameFr: 'Famille', nameEn: 'Family' },
  { kind: 'audience', termId: 'AUD-ENFANTS', nameFr: 'Enfants', nameEn: 'Children' },
  { kind: 'audience', termId: 'AUD-ADOS', nameFr: 'Adolescents', nameEn: 'Teens' },
  { kind: 'audience', termId: 'AUD-ADULTES', nameFr: 'Adultes', nameEn: 'Adults' },
  { kind: 'audience', termId: 'AUD-AINES', nameFr: 'Aînés', nameEn: 'Seniors' },
  { kind: 'exhibitionType', termId: 'EXPO-PEINTURE', nameFr: 'Peinture', nameEn: 'Painting' },
  { kind: 'exhibitionType', termId: 'EXPO-PHOTO', nameFr: 'Photographie', nameEn: 'Photography' },
  { kind: 'exhibitionType', termId: 'EXPO-HISTOIRE', nameFr: 'Histoire', nameEn: 'History' },
];

export interface FixtureOrganization {
  orgId: string;
  name: string;
  contactEmail: string;
}

export const fixtureOrganizations: FixtureOrganization[] = [
  { orgId: 'ORG-SPECTART', name: 'Spect’Art Rimouski', contactEmail: 'info@spectart.example' },
  { orgId: 'ORG-MUSEE', name: 'Musée régional de Rimouski', contactEmail: 'accueil@musee-rimouski.example' },
  { orgId: 'ORG-PARADIS', name: 'Coopérative Paradis', contactEmail: 'bonjour@paradis.example' },
  {
    orgId: 'ORG-FESTI-JAZZ',
    name: 'Festi Jazz international de Rimouski',
    contactEmail: 'info@festijazz.example',
  },
  { orgId: 'ORG-THEATRE-BIC', name: 'Théâtre du Bic', contactEmail: 'billetterie@theatredubic.example' },
  {
    orgId: 'ORG-CARREFOUR',
    name: 'Carrefour de la littérature, des arts et de la culture',
    contactEmail: 'info@carrefour.example',
  },
];

/** One event to create: the form fields, who owns it, and the state it should reach. */
export interface FixtureEvent {
  key: string;
  orgId: string;
  status: 'draft' | 'submitted' | 'published';
  fields: EventFieldsInput;
  /** Sub-events name their festival's `key`; the seed resolves it to the festival's id. */
  parentKey?: string;
  featured?: boolean;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const shows: {
  title: string;
  category: string;
  audiences: string[];
  org: string;
  venue: string;
  price?: [number, number];
}[] = [
  {
    title: 'Les Cowboys Fringants — hommage',
    category: 'CAT-MUSIQUE',
    audiences: ['AUD-ADULTES', 'AUD-ADOS'],
    org: 'ORG-SPECTART',
    venue: 'VEN-SALLE-DESJARDINS',
    price: [3900, 6500],
  },
  {
    title: 'Orchestre symphonique de l’Estuaire : Beethoven',
    category: 'CAT-MUSIQUE',
    audiences: ['AUD-ADULTES', 'AUD-AINES'],
    org: 'ORG-SPECTART',
    venue: 'VEN-SALLE-DESJARDINS',
    price: [2500, 5500],
  },
  {
    title: 'Soirée slam au Paradis',
    category: 'CAT-LITTERATURE',
    audiences: ['AUD-ADULTES'],
    org: 'ORG-PARADIS',
    venue: 'VEN-PARADIS',
    price: [1000, 1000],
  },
  {
    title: 'Le Bourgeois gentilhomme',
    category: 'CAT-THEATRE',
    audiences: ['AUD-ADULTES', 'AUD-ADOS'],
    org: 'ORG-THEATRE-BIC',
    venue: 'VEN-CAPITOL',
    price: [3000, 4200],
  },
  {
    title: 'Heure du conte en pyjama',
    category: 'CAT-LITTERATURE',
    audiences: ['AUD-ENFANTS', 'AUD-FAMILLE'],
    org: 'ORG-CARREFOUR',
    venue: 'VEN-BIBLIO',
  },
  {
    title: 'Humour : la relève de l’Est',
    category: 'CAT-HUMOUR',
    audiences: ['AUD-ADULTES'],
    org: 'ORG-SPECTART',
    venue: 'VEN-CEGEP',
    price: [2800, 3500],
  },
  {
    title: 'Ciné-club : Les Ordres',
    category: 'CAT-CINEMA',
    audiences: ['AUD-ADULTES', 'AUD-AINES'],
    org: 'ORG-PARADIS',
    venue: 'VEN-PARADIS',
    price: [800, 800],
  },
  {
    title: 'Danse contemporaine : Marées',
    category: 'CAT-DANSE',
    audiences: ['AUD-ADULTES'],
    org: 'ORG-SPECTART',
    venue: 'VEN-CEGEP',
    price: [2500, 3800],
  },
  {
    title: 'Atelier de gravure en famille',
    category: 'CAT-ATELIER',
    audiences: ['AUD-FAMILLE', 'AUD-ENFANTS'],
    org: 'ORG-MUSEE',
    venue: 'VEN-MUSEE',
    price: [500, 1500],
  },
  {
    title: 'Visite nocturne du phare de Pointe-au-Père',
    category: 'CAT-PATRIMOINE',
    audiences: ['AUD-FAMILLE', 'AUD-ADULTES'],
    org: 'ORG-CARREFOUR',
    venue: 'VEN-PHARE',
    price: [1200, 1800],
  },
  {
    title: 'Chorale du Bas-Saint-Laurent : chants de Noël',
    category: 'CAT-MUSIQUE',
    audiences: ['AUD-FAMILLE', 'AUD-AINES'],
    org: 'ORG-SPECTART',
    venue: 'VEN-CEGEP',
  },
  {
    title: 'Lecture publique : poètes de l’estuaire',
    category: 'CAT-LITTERATURE',
    audiences: ['AUD-ADULTES', 'AUD-AINES'],
    org: 'ORG-CARREFOUR',
    venue: 'VEN-BIBLIO',
  },
];

const exhibitions: { title: string; type: string }[] = [
  { title: 'Fleuve : regards photographiques', type: 'EXPO-PHOTO' },
  { title: 'Peintres du Bas-Saint-Laurent, 1900–1950', type: 'EXPO-PEINTURE' },
  { title: 'L’Empress of Ireland, cent ans après', type: 'EXPO-HISTOIRE' },
  { title: 'Couleurs d’hiver', type: 'EXPO-PEINTURE' },
];

const description = (title: string) =>
  `<p><strong>${title}</strong> à Rimouski : une soirée à ne pas manquer.</p><p>Plus d’informations sur <a href="https://example.org/evenements">le site de l’organisme</a>.</p>`;

const local = (date: string, time: string) => `${date}T${time}`;

/**
 * About `count` events from `startDate` (a local day, `yyyy-mm-dd`) over the next three months:
 * every category, a festival with its programme, free, online, exhibitions and multi-day spans.
 */
export function generateCalendarFixtures(options: {
  startDate: string;
  count?: number;
  seed?: number;
}): FixtureEvent[] {
  const count = options.count ?? 80;
  const rand = random(options.seed ?? 2026);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(rand() * values.length)] as T;
  const events: FixtureEvent[] = [];

  // The festival and its programme (CAL-05).
  const festivalStart = addDays(options.startDate, 20);
  events.push({
    key: 'festival',
    orgId: 'ORG-FESTI-JAZZ',
    status: 'published',
    featured: true,
    fields: {
      title: 'Festi Jazz international de Rimouski',
      presenterOrgId: 'ORG-FESTI-JAZZ',
      venueIds: ['VEN-SALLE-DESJARDINS', 'VEN-PARADIS', 'VEN-PARC-BEAUSEJOUR'],
      categoryIds: ['CAT-MUSIQUE'],
      audienceIds: ['AUD-FAMILLE', 'AUD-ADULTES'],
      descriptionHtml: `${description('Festi Jazz')}<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Bande-annonce"></iframe>`,
      startsAt: local(festivalStart, '00:00'),
      endsAt: local(addDays(festivalStart, 4), '23:59'),
      showTime: false,
      bigEvent: true,
      freeOption: true,
      priceMinCents: 0,
      priceMaxCents: 12000,
      seoTitle: 'Festi Jazz international de Rimouski',
      seoKeywords: 'Musique | Jazz | Festival | Rimouski',
      externalTicketingUrl: 'https://festijazz.example/billets',
      facebookEventId: '104729384756201',
    },
  });
  const festivalActs = [
    'Trio Estuaire',
    'Big Band du Cégep',
    'Jazz manouche au parc',
    'Nuit blanche jazz',
    'Quartette de Montréal',
    'Jam de clôture',
  ];
  festivalActs.forEach((act, index) => {
    const day = addDays(festivalStart, Math.min(index, 4));
    events.push({
      key: `festival-${index}`,
      orgId: 'ORG-FESTI-JAZZ',
      status: 'published',
      parentKey: 'festival',
      fields: {
        title: `${act} — Festi Jazz`,
        venueIds: [
          index === 2 ? 'VEN-PARC-BEAUSEJOUR' : index % 2 === 0 ? 'VEN-SALLE-DESJARDINS' : 'VEN-PARADIS',
        ],
        categoryIds: ['CAT-MUSIQUE'],
        audienceIds: index === 2 ? ['AUD-FAMILLE'] : ['AUD-ADULTES'],
        descriptionHtml: description(act),
        startsAt: local(day, index === 3 ? '22:00' : '20:00'),
        endsAt: local(day, index === 3 ? '23:30' : '22:00'),
        showTime: true,
        free: index === 2,
        priceMinCents: index === 2 ? undefined : 2500,
        priceMaxCents: index === 2 ? undefined : 4500,
      },
    });
  });

  // Exhibitions over several weeks (multi-day, no show time).
  exhibitions.forEach((exhibition, index) => {
    const start = addDays(options.startDate, index * 18);
    events.push({
      key: `expo-${index}`,
      orgId: 'ORG-MUSEE',
      status: 'published',
      fields: {
        title: exhibition.title,
        venueIds: ['VEN-MUSEE'],
        categoryIds: ['CAT-MUSEE', 'CAT-PATRIMOINE'],
        audienceIds: ['AUD-FAMILLE', 'AUD-ADULTES', 'AUD-AINES'],
        exhibitionTypeId: exhibition.type,
        descriptionHtml: description(exhibition.title),
        startsAt: local(start, '10:00'),
        endsAt: local(addDays(start, 35), '17:00'),
        showTime: false,
        freeOption: true,
        priceMinCents: 0,
        priceMaxCents: 1000,
      },
    });
  });

  // Online events.
  for (let index = 0; index < 3; index += 1) {
    const day = addDays(options.startDate, 7 + index * 21);
    events.push({
      key: `online-${index}`,
      orgId: 'ORG-CARREFOUR',
      status: 'published',
      fields: {
        title:
          [
            'Rencontre d’autrice en ligne',
            'Balado en direct : la culture au Bas-Saint-Laurent',
            'Concert-bénéfice diffusé en direct',
          ][index] ?? 'En ligne',
        venueIds: ['VEN-BIBLIO'],
        categoryIds: [index === 2 ? 'CAT-MUSIQUE' : 'CAT-LITTERATURE'],
        audienceIds: ['AUD-ADULTES'],
        descriptionHtml: description('En ligne'),
        startsAt: local(day, '19:00'),
        endsAt: local(day, '20:30'),
        showTime: true,
        online: true,
        onlineUrl: 'https://www.youtube.com/watch?v=exemple',
        free: index !== 2,
      },
    });
  }

  // The regular season: shows with extra dates, some free, some sold out, a few drafts and submissions.
  let index = 0;
  while (events.length < count) {
    const show = pick(shows);
    const day = addDays(options.startDate, Math.floor(rand() * 90));
    const hour = pick(['14:00', '19:30', '20:00']);
    const repeats = rand() < 0.2 ? 1 + Math.floor(rand() * 3) : 0;
    const free = !show.price;
    const state = rand();
    events.push({
      key: `season-${index}`,
      orgId: show.org,
      status: state < 0.08 ? 'draft' : state < 0.14 ? 'submitted' : 'published',
      featured: rand() < 0.03,
      fields: {
        title: show.title,
        venueIds: [show.venue],
        categoryIds: [show.category],
        audienceIds: show.audiences,
        descriptionHtml: description(show.title),
        startsAt: local(day, hour),
        endsAt: local(day, hour === '14:00' ? '16:00' : '22:00'),
        showTime: true,
        extraDates: Array.from({ length: repeats }, (_, r) => ({
          startsAt: local(addDays(day, r + 1), hour),
        })),
        free,
        priceMinCents: show.price?.[0],
        priceMaxCents: show.price?.[1],
        soldOut: !free && rand() < 0.1,
        externalTicketingUrl: !free && rand() < 0.4 ? 'https://billets.example.org/evenement' : undefined,
        seoKeywords: `${show.category.replace('CAT-', '')} | Rimouski`,
      },
    });
    index += 1;
  }
  return events;
}
