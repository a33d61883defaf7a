import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors';
import { normalizeText, stem } from './normalize';
import {
  buildIndex,
  loadIndex,
  maxQueryLength,
  type SearchDocument,
  SearchIndexVersionError,
  serializeIndex,
} from './search-index';

const now = new Date('2026-12-02T12:00:00Z');

function doc(id: string, fields: Partial<SearchDocument>): SearchDocument {
  return {
    id,
    slug: id,
    title: '',
    presenter: 'Diffuseur',
    venue: '',
    city: 'Rimouski',
    categories: [],
    description: '',
    startsAt: '2026-12-10T00:30:00Z',
    endsAt: '2026-12-10T02:30:00Z',
    ...fields,
  };
}

const documents: SearchDocument[] = [
  doc('bic', { title: 'Théâtre du Bic : saison d’hiver', venue: 'Théâtre du Bic', categories: ['Théâtre'] }),
  doc('ose', {
    title: 'Orchestre symphonique de l’Estuaire',
    presenter: "Orchestre symphonique de l'Estuaire",
    venue: 'Salle Desjardins-Telus',
    categories: ['Musique'],
  }),
  doc('jazz', { title: 'Festival de jazz', categories: ['Musique', 'Festivals'] }),
  doc('conte', {
    title: 'Heure du conte',
    description: 'Des histoires et contes pour les enfants, avec un orchestre de poche.',
    categories: ['Famille'],
  }),
  doc('chevaux', { title: 'Spectacle équestre', description: 'Des chevaux et leurs cavaliers.' }),
  doc('stories', { title: 'Bedtime stories', description: 'Stories read aloud in English.' }),
  doc('classes', { title: 'Classes de maître en piano' }),
  doc('past', {
    title: 'Théâtre de l’été passé',
    startsAt: '2026-07-01T23:00:00Z',
    endsAt: '2026-07-02T01:00:00Z',
  }),
  doc('expo', {
    title: 'Exposition : œuvres du Bas-Saint-Laurent',
    startsAt: '2026-11-01T04:00:00Z',
    endsAt: '2027-01-31T05:00:00Z',
  }),
];

const index = buildIndex(documents, now);
const ids = (query: string) => index.search(query, { now }).map((hit) => hit.id);

describe('normalizeText (CAL-10)', () => {
  it('CAL-10 folds case and accents both ways, and ligatures', () => {
    expect(normalizeText('Théâtre')).toEqual(['theatre']);
    expect(normalizeText('THEATRE')).toEqual(normalizeText('théâtre'));
    expect(normalizeText('Œuvres')).toEqual(['oeuvre']);
  });

  it("CAL-10 removes elisions written with ' and ’", () => {
    expect(normalizeText("l'orchestre")).toEqual(['orchestre']);
    expect(normalizeText('L’Orchestre')).toEqual(['orchestre']);
    expect(normalizeText("jusqu'au bout, qu’il s’amuse, d'hiver")).toEqual(['bout', 'amuse', 'hiver']);
    expect(normalizeText("aujourd'hui")).toEqual(['aujourdhui']);
  });

  it('CAL-10 stems French and English plurals to a shared key', () => {
    const pairs: [string, string][] = [
      ['théâtres', 'theatre'],
      ['orchestres', 'orchestre'],
      ['festivals', 'festival'],
      ['festivaux', 'festival'],
      ['chevaux', 'cheval'],
      ['châteaux', 'chateau'],
      ['stories', 'story'],
      ['classes', 'class'],
      ['classe', 'class'],
      ['theaters', 'theatre'],
      ['galeries', 'galery'],
      ['comédie', 'comedy'],
    ];
    for (const [word, key] of pairs) expect(normalizeText(word), word).toEqual([key]);
    for (const word of ['classes', 'stories', 'festivaux', 'théâtres', 'galeries', 'jeunesse']) {
      const once = normalizeText(word)[0] ?? '';
      expect(stem(once), word).toBe(once);
    }
  });

  it('CAL-10 drops stop words of the chosen locale, single letters, and splits punctuation', () => {
    expect(normalizeText('Le théâtre et la danse')).toEqual(['theatre', 'danse']);
    expect(normalizeText('The art of the fugue', 'en')).toEqual(['art', 'fugue']);
    expect(normalizeText('Le théâtre', 'en')).toEqual(['le', 'theatre']);
    expect(normalizeText("Children's <b>choir</b>!!! 5 à 7")).toEqual(['children', 'choir', '5', '7']);
    expect(normalizeText('?!.,;:()[]{}')).toEqual([]);
  });
});

describe('search index (CAL-10)', () => {
  it('CAL-10 "theatre" finds "Théâtre du Bic" and "théâtre" finds it too', () => {
    expect(ids('theatre')).toContain('bic');
    expect(ids('THÉÂTRE')).toContain('bic');
    expect(ids('théatre du bic')[0]).toBe('bic');
  });

  it('CAL-10 "l\'orchestre" and "orchestres" find "Orchestre symphonique de l\'Estuaire"', () => {
    expect(ids("l'orchestre")[0]).toBe('ose');
    expect(ids('l’orchestre')[0]).toBe('ose');
    expect(ids('orchestres')[0]).toBe('ose');
    expect(ids('estuaire')).toEqual(['ose']);
  });

  it('CAL-10 English plurals and US spelling: "theaters", "story", "class" find their events', () => {
    expect(ids('theaters')).toContain('bic');
    expect(ids('story')).toEqual(['stories']);
    expect(ids('class')).toEqual(['classes']);
    expect(ids('festivaux')).toEqual(['jazz']);
    expect(ids('cheval')).toEqual(['chevaux']);
  });

  it('CAL-10 prefix search on the last word while typing', () => {
    expect(ids('théâ')).toContain('bic');
    expect(ids('thea')).toContain('bic');
    expect(ids('orchestre symph')[0]).toBe('ose');
    expect(index.search('théâ', { now, prefix: false }).map((hit) => hit.id)).toEqual([]);
    expect(ids('festiv')).toEqual(['jazz']);
    // A word followed by a space or punctuation is finished: no longer a prefix.
    expect(ids('ja')).toEqual(['jazz']);
    expect(ids('ja ')).toEqual([]);
    expect(ids('ja,')).toEqual([]);
  });

  it('CAL-10 fuzzy: one typo in a word of 5 letters or more, none in shorter ones', () => {
    expect(ids('orchestte')[0]).toBe('ose');
    expect(ids('jazx')).toEqual([]);
  });

  it('CAL-10 ranks a title match above a description match', () => {
    const hits = index.search('orchestre', { now });
    expect(hits.map((hit) => hit.id)).toEqual(['ose', 'conte']);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Infinity);
  });

  it('CAL-10 every word must match, falling back to any word when none match all', () => {
    expect(ids('théâtre bic')).toEqual(['bic']);
    expect(ids('jazz zzzzqq')).toEqual(['jazz']);
  });

  it('CAL-10 only current and future events are found (an ended one is not, a running exhibition is)', () => {
    expect(ids('théâtre')).not.toContain('past');
    expect(index.search('passé', { now: new Date('2026-06-01T00:00:00Z') }).map((hit) => hit.id)).toEqual([
      'past',
    ]);
    expect(ids('oeuvres')).toEqual(['expo']);
  });

  it('CAL-10 returns at most 50 results', () => {
    const many = buildIndex(
      Array.from({ length: 80 }, (_, at) => doc(`c${at}`, { title: `Concert numéro ${at}` })),
      now,
    );
    expect(many.search('concert', { now })).toHaveLength(50);
    expect(many.search('concert', { now, limit: 500 })).toHaveLength(50);
  });

  it('CAL-10 an empty or punctuation-only query gives no result and no error', () => {
    for (const query of ['', '   ', '!!!', "l'", 'le la les', '…—«»']) expect(ids(query)).toEqual([]);
  });

  it('CAL-10 a query over 200 characters or 12 words is refused with a French and English message', () => {
    for (const query of [
      'a'.repeat(maxQueryLength + 1),
      'x'.repeat(10_000),
      'un deux trois quatre cinq six sept huit neuf dix onze douze treize',
    ]) {
      try {
        index.search(query, { now });
        expect.unreachable(`accepted ${query.slice(0, 20)}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).userMessage.fr).toMatch(/trop longue/);
        expect((error as ValidationError).userMessage.en).toMatch(/too long/);
      }
    }
    expect(ids('a'.repeat(maxQueryLength))).toEqual([]);
  });

  it('CAL-10 hostile input (HTML, regex metacharacters, control characters) never throws', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      '.*+?^${}()|[]\\',
      '(((((((((((a',
      '\u0000\u0001\u202e\ud800',
      '__proto__ constructor',
      'hasOwnProperty toString valueOf prototype',
      '%00%27 OR 1=1 --',
    ];
    for (const query of hostile) expect(() => index.search(query, { now }), query).not.toThrow();
    expect(ids('__proto__ constructor')).toEqual([]);
    // Object.prototype's names are words like any other (a lookup table once returned a function).
    expect(normalizeText('constructor toString')).toEqual(['constructor', 'tostring']);
  });
});

describe('serialized index (CAL-10)', () => {
  it('CAL-10 round-trips through JSON and answers the same', () => {
    const loaded = loadIndex(serializeIndex(index));
    expect(loaded.documentCount).toBe(documents.length);
    expect(loaded.builtAt).toBe(now.toISOString());
    for (const query of ['theatre', "l'orchestre", 'théâ', 'stories']) {
      expect(loaded.search(query, { now })).toEqual(index.search(query, { now }));
    }
  });

  it('CAL-10 refuses a file of another version or format', () => {
    const file = JSON.parse(serializeIndex(index)) as { version: number };
    expect(() => loadIndex(JSON.stringify({ ...file, version: file.version - 1 }))).toThrow(
      SearchIndexVersionError,
    );
    expect(() => loadIndex(JSON.stringify({ version: 1 }))).toThrow(SearchIndexVersionError);
    expect(() => loadIndex('null')).toThrow(SearchIndexVersionError);
    expect(() => loadIndex('{')).toThrow(SyntaxError);
  });

  it('CAL-10 indexes only the first 2,000 characters of a description', () => {
    const long = buildIndex(
      [doc('long', { title: 'Long', description: `${'mot '.repeat(400)}debut ${'mot '.repeat(400)}fin` })],
      now,
    );
    expect(long.search('debut', { now }).map((hit) => hit.id)).toEqual(['long']);
    expect(long.search('fin', { now })).toEqual([]);
  });

  it('CAL-10 refuses a document whose dates are not instants', () => {
    expect(() => buildIndex([doc('bad', { endsAt: 'demain' })])).toThrow(/not an instant/);
  });
});
