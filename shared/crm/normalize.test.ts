import { describe, expect, it } from 'vitest';
import { fakeClient } from './client.fixtures';
import {
  displayPostalCode,
  isCountryCode,
  isValidPostalKey,
  nameKey,
  namePrefix,
  normalizePhone,
  postalKey,
} from './normalize';

describe('name keys (CRM-03)', () => {
  it('CRM-03 strips accents, case, spaces, hyphens and apostrophes so the same name always meets', () => {
    expect(nameKey('Côté-Lévesque')).toBe('cotelevesque');
    expect(nameKey('  côté  lévesque ')).toBe('cotelevesque');
    expect(nameKey('COTE-LEVESQUE')).toBe('cotelevesque');
    expect(nameKey("D'Amours")).toBe('damours');
    expect(nameKey('St-Pierre')).toBe(nameKey('st pierre'));
    expect(nameKey('Marie-Ève')).toBe('marieeve');
    expect(nameKey('Cœur')).toBe('coeur');
    expect(nameKey('Gaëtan')).toBe('gaetan');
  });

  it('CRM-03 a key never holds the separator, nor markup', () => {
    expect(nameKey('a#b')).toBe('ab');
    expect(nameKey('<script>alert(1)</script>')).toBe('scriptalert1script');
    expect(nameKey('---')).toBe('');
  });

  it('CRM-02 the name index partition is the first two characters, one for a one-letter name', () => {
    expect(namePrefix('tremblay')).toBe('tr');
    expect(namePrefix('o')).toBe('o');
  });
});

describe('postal codes', () => {
  it('CRM-02 are upper-cased without spaces, and checked per country', () => {
    expect(postalKey('g5l 1a1')).toBe('G5L1A1');
    expect(postalKey(' G5L-1A1 ')).toBe('G5L1A1');
    expect(isValidPostalKey('G5L1A1', 'CA')).toBe(true);
    expect(isValidPostalKey('D5L1A1', 'CA')).toBe(false);
    expect(isValidPostalKey('75011', 'CA')).toBe(false);
    expect(isValidPostalKey('75011', 'FR')).toBe(true);
    expect(isValidPostalKey('7501', 'FR')).toBe(false);
    expect(isValidPostalKey('1000', 'BE')).toBe(true);
    expect(isValidPostalKey('<B>', 'BE')).toBe(false);
    expect(displayPostalCode('G5L1A1', 'CA')).toBe('G5L 1A1');
  });

  it('CRM-02 countries are ISO 3166 codes the runtime knows', () => {
    expect(isCountryCode('CA')).toBe(true);
    expect(isCountryCode('FR')).toBe(true);
    expect(isCountryCode('BE')).toBe(true);
    expect(isCountryCode('ZZ')).toBe(false);
    expect(isCountryCode('EU')).toBe(false);
    expect(isCountryCode('QQ')).toBe(false);
    expect(isCountryCode('XK')).toBe(true);
    expect(isCountryCode('ca')).toBe(false);
    expect(isCountryCode('CAN')).toBe(false);
  });
});

describe('phone numbers (CRM-04)', () => {
  it('CRM-04 Québec numbers as people type them become E.164', () => {
    for (const typed of [
      '418 555-0142',
      '(418) 555-0142',
      '418.555.0142',
      '1-418-555-0142',
      '+1 418 555 0142',
    ]) {
      expect(normalizePhone(typed, 'CA'), typed).toBe('+14185550142');
    }
    expect(normalizePhone('1-800-361-3834', 'CA')).toBe('+18003613834');
  });

  it('CRM-04 French numbers, national or international, become E.164', () => {
    expect(normalizePhone('06 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(normalizePhone('01 76 66 07 55', 'FR')).toBe('+33176660755');
    expect(normalizePhone('+33 6 12 34 56 78', 'CA')).toBe('+33612345678');
    expect(normalizePhone('0033 6 12 34 56 78')).toBe('+33612345678');
    // A French national number in a file of another country is still read as French.
    expect(normalizePhone('06 12 34 56 78', 'BE')).toBe('+33612345678');
  });

  it('CRM-04 anything else is refused, not guessed', () => {
    for (const typed of [
      '',
      '123',
      '418 555-0142 poste 12',
      '<script>',
      '555-0142',
      '+0 123 456 789',
      '06 12 34',
      '0012',
    ]) {
      expect(normalizePhone(typed, 'CA'), typed).toBeUndefined();
    }
    expect(normalizePhone('9'.repeat(10_000), 'CA')).toBeUndefined();
  });
});

describe('fixtures', () => {
  it('CRM-01 the same index gives the same person, with a valid postal code and phone', () => {
    expect(fakeClient(42)).toEqual(fakeClient(42));
    for (let index = 0; index < 500; index++) {
      const client = fakeClient(index);
      expect(isValidPostalKey(postalKey(client.address.postalCode), client.address.country)).toBe(true);
      if (client.phone) expect(normalizePhone(client.phone, client.address.country)).toBe(client.phone);
      expect(nameKey(client.lastName).length).toBeGreaterThan(0);
    }
  });
});
