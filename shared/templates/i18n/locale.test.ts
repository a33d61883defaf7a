import { describe, expect, it } from 'vitest';
import { isLocale, localeFromPath, localeTag, negotiateLocale } from './locale';

describe('locale', () => {
  it('PLAT-01 accepts only fr and en as locales', () => {
    expect(isLocale('fr')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('de')).toBe(false);
    expect(isLocale('FR')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });

  it('PLAT-01 tags French as fr-CA and English as en-CA', () => {
    expect(localeTag('fr')).toBe('fr-CA');
    expect(localeTag('en')).toBe('en-CA');
  });

  it('PLAT-01 negotiates the best supported language from Accept-Language', () => {
    expect(negotiateLocale('en-US,en;q=0.9,fr;q=0.8')).toBe('en');
    expect(negotiateLocale('de-DE,de;q=0.9,en;q=0.5,fr;q=0.7')).toBe('fr');
    expect(negotiateLocale('fr-CA')).toBe('fr');
    expect(negotiateLocale('es;q=0.9, en-GB;q=0.2')).toBe('en');
  });

  it('PLAT-01 falls back to French without a usable Accept-Language', () => {
    expect(negotiateLocale(null)).toBe('fr');
    expect(negotiateLocale('')).toBe('fr');
    expect(negotiateLocale('de, es')).toBe('fr');
    expect(negotiateLocale('en;q=0')).toBe('fr');
  });

  it('PLAT-01 reads the locale from the first path segment only', () => {
    expect(localeFromPath('/fr')).toBe('fr');
    expect(localeFromPath('/en/billets/2')).toBe('en');
    expect(localeFromPath('/')).toBeUndefined();
    expect(localeFromPath('/french')).toBeUndefined();
    expect(localeFromPath('/health')).toBeUndefined();
    expect(localeFromPath('/de/fr')).toBeUndefined();
  });
});
