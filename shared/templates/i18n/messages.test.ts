import { describe, expect, it } from 'vitest';
import { messages, t } from './messages';

describe('messages', () => {
  it('PLAT-01 has the same keys in French and English', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.fr).sort());
  });

  it('PLAT-01 has no empty or untranslated message', () => {
    for (const [key, french] of Object.entries(messages.fr)) {
      const english = messages.en[key as keyof typeof messages.en];
      expect(french.trim(), key).not.toBe('');
      expect(english.trim(), key).not.toBe('');
    }
  });

  it('PLAT-01 uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, french] of Object.entries(messages.fr)) {
      expect(placeholders(messages.en[key as keyof typeof messages.en]), key).toEqual(placeholders(french));
    }
  });

  it('PLAT-01 translates a key and fills its placeholders', () => {
    expect(t('fr', 'nav.home')).toBe('Accueil');
    expect(t('en', 'nav.home')).toBe('Home');
    expect(t('fr', 'error.status', { status: 404 })).toBe('Erreur 404');
    expect(t('fr', 'error.reference', { id: 'abc' })).toBe('Référence de l’incident\u00a0: abc');
    expect(t('en', 'error.reference', { id: 'abc' })).toBe('Incident reference: abc');
  });

  it('PLAT-01 leaves a placeholder without a parameter visible', () => {
    expect(t('en', 'error.status')).toBe('Error {status}');
    expect(t('en', 'error.status', { other: 1 })).toBe('Error {status}');
  });
});
