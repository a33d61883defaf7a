/**
 * Realistic client files for tests, the demo seeder and benchmarks: Québec and France names,
 * addresses, postal codes and phone numbers from the ranges reserved for fiction (555-01xx in
 * North America, 06 39 98 xx xx in France), addresses at reserved domains (example.org…). The
 * same index always gives the same person, so a bench run is repeatable. `seedClients` writes N
 * files with batch writes (25 items per request, several requests in flight): tens of thousands in
 * seconds, without the per-file transaction of the use cases — the data is made valid here instead.
 */
import type { Deps } from '../deps';
import type { ClientProfile, ConsentValue, Salutation } from './client';
import { displayPostalCode, nameKey, namePrefix, postalKey, postalPrefix } from './normalize';

const quebecLastNames = [
  'Tremblay',
  'Gagnon',
  'Roy',
  'Côté',
  'Bouchard',
  'Gauthier',
  'Morin',
  'Lavoie',
  'Fortin',
  'Gagné',
  'Ouellet',
  'Pelletier',
  'Bélanger',
  'Lévesque',
  'Bergeron',
  'Leblanc',
  'Paquette',
  'Girard',
  'Simard',
  'Boucher',
  'Caron',
  'Beaulieu',
  'Cloutier',
  'Dubé',
  'Poirier',
  'Fournier',
  'Lapointe',
  'Leclerc',
  'Lefebvre',
  'Poulin',
  'Thibault',
  'St-Pierre',
  'Nadeau',
  'Martin',
  'Landry',
  'Martel',
  'Bédard',
  'Grenier',
  'Lessard',
  'Bernier',
  'Richard',
  'Michaud',
  'Hébert',
  'Desjardins',
  'Couture',
  'Turcotte',
  'Lachance',
  'Parent',
  'Blais',
  'Gosselin',
  'Savard',
  'Proulx',
  'Beaudoin',
  'Demers',
  'Perreault',
  'Côté-Lévesque',
  "D'Amours",
  'Ste-Marie',
  'Bérubé',
  'Tessier',
];
const franceLastNames = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefèvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Muller',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gautier',
  'Perrin',
  'Robin',
  'Clément',
  'Nicolas',
  'Henry',
  'Roussel',
  'Mathieu',
  'Masson',
  'Le Gall',
  'Cœur',
  'Da Silva',
  'Lemaître',
];
const femaleFirstNames = [
  'Marie',
  'Julie',
  'Sophie',
  'Isabelle',
  'Nathalie',
  'Chantal',
  'Geneviève',
  'Mélanie',
  'Émilie',
  'Catherine',
  'Marie-Ève',
  'Josée',
  'Manon',
  'Sylvie',
  'Louise',
  'Camille',
  'Léa',
  'Chloé',
  'Zoé',
  'Océane',
  'Anaïs',
  'Élodie',
  'Céline',
  'Hélène',
  'Brigitte',
];
const maleFirstNames = [
  'Jean',
  'Pierre',
  'Luc',
  'Marc',
  'Michel',
  'Stéphane',
  'Sylvain',
  'François',
  'Jean-François',
  'Mathieu',
  'Alexandre',
  'Éric',
  'Daniel',
  'Guy',
  'Benoît',
  'Hugo',
  'Théo',
  'Lucas',
  'Nicolas',
  'Julien',
  'Sébastien',
  'Antoine',
  'Gaëtan',
  'Réjean',
  'Noël',
];
const otherFirstNames = ['Alex', 'Charlie', 'Dominique', 'Claude', 'Sacha', 'Camille'];

/** City, region, the first three characters of its postal codes, and its area code. */
const quebecCities = [
  ['Québec', 'QC', 'G1R', '418'],
  ['Québec', 'QC', 'G1V', '418'],
  ['Montréal', 'QC', 'H2X', '514'],
  ['Montréal', 'QC', 'H3A', '514'],
  ['Rimouski', 'QC', 'G5L', '418'],
  ['Sherbrooke', 'QC', 'J1H', '819'],
  ['Trois-Rivières', 'QC', 'G9A', '819'],
  ['Gatineau', 'QC', 'J8X', '819'],
  ['Saguenay', 'QC', 'G7H', '418'],
  ['Lévis', 'QC', 'G6V', '418'],
  ['Laval', 'QC', 'H7N', '450'],
  ['Longueuil', 'QC', 'J4K', '450'],
  ['Rouyn-Noranda', 'QC', 'J9X', '819'],
] as const;
/** City, region and the postal codes of its districts. */
const frenchCities = [
  ['Paris', 'Île-de-France', ['75001', '75004', '75011', '75015', '75018']],
  ['Lyon', 'Auvergne-Rhône-Alpes', ['69001', '69003', '69007']],
  ['Marseille', "Provence-Alpes-Côte d'Azur", ['13001', '13006', '13008']],
  ['Toulouse', 'Occitanie', ['31000', '31400']],
  ['Bordeaux', 'Nouvelle-Aquitaine', ['33000', '33800']],
  ['Nantes', 'Pays de la Loire', ['44000', '44300']],
  ['Lille', 'Hauts-de-France', ['59000', '59800']],
  ['Strasbourg', 'Grand Est', ['67000', '67100']],
  ['Rennes', 'Bretagne', ['35000', '35200']],
  ['Nice', "Provence-Alpes-Côte d'Azur", ['06000', '06100']],
] as const;
const quebecStreets = [
  'rue Saint-Jean',
  'avenue Cartier',
  'boulevard René-Lévesque',
  'rue Principale',
  'chemin du Lac',
  'rue des Érables',
  'avenue du Parc',
  'rue Notre-Dame',
];
const frenchStreets = [
  'rue de la Paix',
  'avenue Jean-Jaurès',
  'place Bellecour',
  'rue Victor-Hugo',
  'boulevard Voltaire',
  'rue de la République',
  'allée des Tilleuls',
  'impasse des Lilas',
];
/** Letters Canada Post uses in the last three characters of a postal code. */
const postalLetters = 'ABCEGHJKLMNPRSTVWXYZ';
const domains = ['example.org', 'example.com', 'example.net'];

/** A small deterministic generator (mulberry32): the same seed gives the same person. */
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

function pick<T>(next: () => number, values: readonly T[]): T {
  return values[Math.floor(next() * values.length)] as T;
}

export interface FakeClient {
  salutation: Salutation;
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  address: { street: string; city: string; region: string; postalCode: string; country: 'CA' | 'FR' };
  locale: 'fr' | 'en';
}

export interface FakeClientOptions {
  /** `CA` (Québec) or `FR`; default: two in three in Québec. */
  country?: 'CA' | 'FR';
  /** Default: one in ten has no e-mail (CRM-04). */
  withEmail?: boolean;
  /** Added to addresses so runs sharing a table never collide (`run42` → `marie.roy.7.run42@…`). */
  tag?: string;
}

/** The person number `index`, always the same one for the same index and options. */
export function fakeClient(index: number, options: FakeClientOptions = {}): FakeClient {
  const next = random(index * 7919 + 17);
  const country = options.country ?? (next() < 2 / 3 ? 'CA' : 'FR');
  const draw = next();
  const salutation: Salutation = draw < 0.55 ? 'f' : draw < 0.95 ? 'm' : 'x';
  const firstName = pick(
    next,
    salutation === 'f' ? femaleFirstNames : salutation === 'm' ? maleFirstNames : otherFirstNames,
  );
  const lastName = pick(next, country === 'CA' ? quebecLastNames : franceLastNames);
  const withEmail = options.withEmail ?? next() >= 0.1;
  const tag = options.tag ? `.${nameKey(options.tag)}` : '';
  const email = withEmail
    ? `${nameKey(firstName)}.${nameKey(lastName)}.${index}${tag}@${pick(next, domains)}`
    : undefined;
  const number = String(Math.floor(next() * 100)).padStart(2, '0');
  if (country === 'CA') {
    const [city, region, fsa, area] = pick(next, quebecCities);
    const ldu = `${Math.floor(next() * 10)}${pick(next, [...postalLetters])}${Math.floor(next() * 10)}`;
    return {
      salutation,
      firstName,
      lastName,
      email,
      phone: next() < 0.9 ? `+1${area}55501${number}` : undefined,
      address: {
        street: `${1 + Math.floor(next() * 2500)}, ${pick(next, quebecStreets)}`,
        city,
        region,
        postalCode: `${fsa} ${ldu}`,
        country,
      },
      locale: next() < 0.85 ? 'fr' : 'en',
    };
  }
  const [city, region, codes] = pick(next, frenchCities);
  return {
    salutation,
    firstName,
    lastName,
    email,
    phone: next() < 0.9 ? `+3363998${number}${String(Math.floor(next() * 100)).padStart(2, '0')}` : undefined,
    address: {
      street: `${1 + Math.floor(next() * 120)} ${pick(next, frenchStreets)}`,
      city,
      region,
      postalCode: pick(next, codes),
      country,
    },
    locale: 'fr',
  };
}

/** The stored profile of a fake client: keys derived as the use cases derive them. */
export function fakeProfile(
  client: FakeClient,
  extra: { clientId: string; createdAt: string; consentEmail?: ConsentValue },
): ClientProfile {
  const key = postalKey(client.address.postalCode);
  const lastNameKey = nameKey(client.lastName);
  const consentEmail = extra.consentEmail ?? 'unknown';
  return {
    clientId: extra.clientId,
    salutation: client.salutation,
    firstName: client.firstName,
    lastName: client.lastName,
    lastNameKey,
    firstNameKey: nameKey(client.firstName),
    namePrefix: namePrefix(lastNameKey),
    email: client.email,
    phone: client.phone,
    street: client.address.street,
    city: client.address.city,
    region: client.address.region,
    postalCode: displayPostalCode(key, client.address.country),
    postalKey: key,
    postalPrefix: postalPrefix(key),
    country: client.address.country,
    locale: client.locale,
    status: 'active',
    noEmail: !client.email,
    consentEmail,
    ...(consentEmail !== 'unknown'
      ? { consentEmailAt: extra.createdAt, consentAskedAt: extra.createdAt }
      : {}),
    consentPhone: 'unknown',
    consentMail: 'unknown',
    emailStatus: 'ok',
    hasTrainerNote: false,
    createdAt: extra.createdAt,
    createdBy: 'seed',
    version: 0,
  };
}

/**
 * Writes `count` fake files (profile, e-mail guard, phone lookup) with batch writes, `concurrent`
 * requests in flight (default 8), and returns their ids. Files have no account: the portal
 * invitation creates one when wanted (./invite-client.ts). Two in three have e-mail consent.
 * Batch writes have no conditions: use a `tag` (or a private table) so addresses stay unique.
 */
export async function seedClients(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  options: { count: number; startIndex?: number; concurrent?: number } & FakeClientOptions,
): Promise<{ clientIds: string[]; clients: FakeClient[] }> {
  const start = options.startIndex ?? 0;
  const createdAt = deps.clock.now().toISOString();
  const clients: FakeClient[] = [];
  const profiles: ClientProfile[] = [];
  for (let index = start; index < start + options.count; index++) {
    const client = fakeClient(index, options);
    clients.push(client);
    profiles.push(
      fakeProfile(client, {
        clientId: deps.ids(),
        createdAt,
        consentEmail: index % 3 === 2 ? 'unknown' : 'granted',
      }),
    );
  }
  const concurrent = options.concurrent ?? 8;
  const { clientProfile, phoneLookup } = deps.db.crm.entities;
  const guards = profiles.flatMap((p) => (p.email ? [{ email: p.email, clientId: p.clientId }] : []));
  const phones = profiles.flatMap((p) => (p.phone ? [{ phone: p.phone, clientId: p.clientId }] : []));
  const results = await Promise.all([
    clientProfile.put(profiles).go({ concurrent }),
    deps.db.identity.entities.emailGuard.put(guards).go({ concurrent }),
    phoneLookup.put(phones).go({ concurrent }),
  ]);
  const unprocessed = results.reduce((sum, result) => sum + result.unprocessed.length, 0);
  if (unprocessed > 0) throw new Error(`seedClients: ${unprocessed} items were not written`);
  return { clientIds: profiles.map((p) => p.clientId), clients };
}
