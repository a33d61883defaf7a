import { gzipSync } from 'node:zlib';
import { buildIndex, loadIndex, type SearchDocument, serializeIndex } from '../../shared/search/search-index';
import type { Figure } from '../figure';
import { ms, quantile } from '../latency';

/** Issue #12 point 3: full-text search answers within p95 100 ms over 2,000 events. */
const searchP95Budget = 100;
const events = 2_000;
const warmUp = 50;
const rounds = 10;

const venues: [string, string][] = [
  ['Théâtre du Bic', 'Rimouski'],
  ['Salle Desjardins-Telus', 'Rimouski'],
  ['Spect’Art Rimouski', 'Rimouski'],
  ['Musée régional de Rimouski', 'Rimouski'],
  ['Paraloeil', 'Rimouski'],
  ['Coopérative Paradis', 'Rimouski'],
  ['Bibliothèque Lisette-Morin', 'Rimouski'],
  ['Église Saint-Germain', 'Rimouski'],
  ['Site historique de la Maison Lamontagne', 'Rimouski'],
  ['Vieux Théâtre de Saint-Fabien', 'Saint-Fabien'],
  ['Salle Jean-Louis-Millette', 'Mont-Joli'],
  ['Centre culturel de Trois-Pistoles', 'Trois-Pistoles'],
  ['Parc du Bic', 'Le Bic'],
  ['Le Cabaret du Bas', 'Rimouski'],
];
const presenters = [
  'Orchestre symphonique de l’Estuaire',
  'Théâtre du Bic',
  'Spect’Art Rimouski',
  'Festi Jazz international de Rimouski',
  'Musée régional de Rimouski',
  'Paraloeil',
  'Les Grands Explorateurs',
  'Carrousel international du film de Rimouski',
  'Coopérative Paradis',
  'Ville de Rimouski',
  'Caravane Chapiteau Arts',
  'Salon du livre de Rimouski',
];
const categories: [string, string][] = [
  ['Théâtre', 'Theatre'],
  ['Musique', 'Music'],
  ['Danse', 'Dance'],
  ['Humour', 'Comedy'],
  ['Cinéma', 'Film'],
  ['Arts visuels', 'Visual arts'],
  ['Littérature', 'Literature'],
  ['Famille', 'Family'],
  ['Festivals', 'Festivals'],
  ['Conférences', 'Talks'],
  ['Patrimoine', 'Heritage'],
  ['Cirque', 'Circus'],
];
const kinds = [
  'Concert',
  'Spectacle',
  'Récital',
  'Soirée',
  'Atelier',
  'Exposition',
  'Projection',
  'Lecture publique',
  'Conférence',
  'Heure du conte',
  'Visite guidée',
  'Classe de maître',
  'Cabaret',
  'Ciné-club',
];
const subjects = [
  'des fêtes',
  'd’hiver',
  'du Bas-Saint-Laurent',
  'de l’Estuaire',
  'jazz et blues',
  'à la chandelle',
  'de musique baroque',
  'pour toute la famille',
  'des étoiles',
  'de contes et légendes',
  'sur les phares du fleuve',
  'de la relève',
  'de chansons québécoises',
  'des grands compositeurs',
  'en plein air',
  'des oiseaux migrateurs',
  'de l’Orchestre symphonique',
  'de théâtre d’objets',
];
const artists = [
  'Marie-Ève Gagnon',
  'Jean-François Bélanger',
  'Les Sœurs Boulay',
  'Quatuor Saint-Germain',
  'Émile Proulx-Cloutier',
  'Chœur de Rimouski',
  'Geneviève Côté',
  'Trio Lévesque',
  'Nicolas Pellerin',
  'Ensemble Ad Libitum',
  'Louis-José Houde',
  'Compagnie Théâtre Les Gens d’en Bas',
];
const descriptionPhrases = [
  'Une soirée inoubliable au cœur de Rimouski.',
  'Billets en vente à la billetterie et en ligne.',
  'Le spectacle est présenté en français, avec surtitres anglais.',
  'Accessible aux personnes à mobilité réduite.',
  'Un programme de Mozart, Beethoven et Ravel interprété par des musiciens de la région.',
  'Les enfants de 5 à 12 ans sont les bienvenus, accompagnés d’un adulte.',
  'Apportez vos chaises et vos couvertures : l’activité a lieu à l’extérieur.',
  'Rencontre avec les artistes après la représentation.',
  'Une création originale qui mêle danse, théâtre et projections vidéo.',
  'Bar sur place, stationnement gratuit.',
  'A bilingual evening of stories and songs from the St. Lawrence.',
  'Exposition présentée jusqu’à la fin de la saison, du mercredi au dimanche.',
];

/** Deterministic pseudo-random numbers (mulberry32), so two runs index and ask the same things. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 2,000 events in and around Rimouski, from 30 days ago to 4 months ahead. */
function generate(count: number, now: Date): SearchDocument[] {
  const next = random(12);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: count }, (_, at) => {
    const [venue, city] = pick(venues);
    const [fr, en] = pick(categories);
    const title =
      next() < 0.5
        ? `${pick(kinds)} ${pick(subjects)}`
        : `${pick(artists)} : ${pick(kinds).toLowerCase()} ${pick(subjects)}`;
    const startsAt = new Date(now.getTime() + Math.floor((next() * 150 - 30) * 86_400_000));
    const hours = next() < 0.15 ? 24 * Math.ceil(next() * 60) : 2;
    return {
      id: `ev${at}`,
      slug: `${title
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')}-${at}`,
      title,
      presenter: pick(presenters),
      venue,
      city,
      categories: [fr, en],
      description: Array.from({ length: 3 + Math.floor(next() * 5) }, () => pick(descriptionPhrases)).join(
        ' ',
      ),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + hours * 3_600_000).toISOString(),
    };
  });
}

/** What visitors type: whole words, accents missing, plurals, elisions, typos, and prefixes as they type. */
const queries = [
  'theatre',
  'théâtre du bic',
  "l'orchestre",
  'orchestre symphonique',
  'jazz',
  'concerts',
  'conte',
  'contes et légendes',
  'famille',
  'exposition',
  'musee',
  'danse',
  'humour',
  'cinema',
  'film',
  'festival',
  'festivaux',
  'conférence phares',
  'atelier enfants',
  'visite guidée',
  'marie-eve gagnon',
  'soeurs boulay',
  'chœur',
  'mozart',
  'beethoven ravel',
  'plein air',
  'rimouski',
  'trois-pistoles',
  'saint-fabien',
  'relève',
  'stories',
  'music',
  'theater',
  'the',
  'th',
  'thé',
  'théâ',
  'orch',
  'orchestre sym',
  'spect',
  'classe de maî',
  'baroqe',
  'symphonqiue',
  'noel',
  'chansons quebecoises',
  'oiseaux',
  'Quatuor Saint-Germain',
  'cabaret du bas',
  'Les Grands Explorateurs',
  'x',
];

/**
 * Full-text search (shared/search) over 2,000 generated events: the index is built, serialized to
 * JSON as the job writes it to S3, and loaded back as a container does, then every query above is
 * asked `rounds` times in order (after a warm-up), each timed on its own. The p95 is budgeted; the
 * median, the index size (raw and gzip) and the load and build times are printed for reference.
 * Sanity: "theatre" must find events, or the figure would time empty answers.
 */
export async function measure(): Promise<Figure[]> {
  const now = new Date();
  const documents = generate(events, now);

  const buildStart = performance.now();
  const built = buildIndex(documents, now);
  const buildMs = performance.now() - buildStart;
  const json = serializeIndex(built);

  const loadStart = performance.now();
  const index = loadIndex(json);
  const loadMs = performance.now() - loadStart;

  if (index.search('theatre', { now }).length === 0) throw new Error('"theatre" found nothing');
  for (let at = 0; at < warmUp; at++) index.search(queries[at % queries.length] as string, { now });
  const durations: number[] = [];
  let hits = 0;
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const start = performance.now();
      hits += index.search(query, { now }).length;
      durations.push(performance.now() - start);
    }
  }
  if (hits === 0) throw new Error('no query found anything');

  const bytes = Buffer.byteLength(json);
  return [
    {
      name: `search p95 over ${events.toLocaleString('en')} events (${durations.length} queries)`,
      value: ms(quantile(durations, 0.95)),
      unit: 'ms',
      budget: searchP95Budget,
    },
    { name: 'search median', value: ms(quantile(durations, 0.5)), unit: 'ms', budget: 'reference' },
    { name: 'search index size (JSON)', value: Math.round(bytes / 1024), unit: 'KB', budget: 'reference' },
    {
      name: 'search index size (gzip)',
      value: Math.round(gzipSync(json).byteLength / 1024),
      unit: 'KB',
      budget: 'reference',
    },
    { name: 'search index load (parse + restore)', value: ms(loadMs), unit: 'ms', budget: 'reference' },
    { name: 'search index build', value: ms(buildMs), unit: 'ms', budget: 'reference' },
  ];
}
