import { describe, expect, it } from 'vitest';
import { PermanentFailureError } from '../../kernel/errors';
import { escapeHtml } from './compose';
import { renderTemplate } from './index';

const data = {
  firstName: 'Amélie',
  salutation: 'f',
  activationUrl: 'https://parvis.example/fr/activer?t=abc',
};

describe('e-mail templates', () => {
  it('COM-01 renders the invitation in French with the {cher} {prenom_client} greeting', () => {
    const mail = renderTemplate('client.invitation', 'fr', data);
    expect(mail.subject).toBe('Votre dossier est prêt');
    expect(mail.text).toContain('Chère Amélie,');
    expect(mail.text).toContain('Accéder à mon dossier : https://parvis.example/fr/activer?t=abc');
    expect(mail.html).toContain('<html lang="fr-CA">');
    expect(mail.html).toContain('href="https://parvis.example/fr/activer?t=abc"');
  });

  it('COM-01 renders the same message in English', () => {
    const mail = renderTemplate('client.invitation', 'en', { ...data, salutation: 'm', firstName: 'Sam' });
    expect(mail.subject).toBe('Your client file is ready');
    expect(mail.text.startsWith('Dear Sam,')).toBe(true);
    expect(mail.html).toContain('<html lang="en-CA">');
  });

  it('COM-01 escapes hostile data in the HTML part', () => {
    const mail = renderTemplate('client.invitation', 'fr', {
      ...data,
      firstName: '<script>alert(1)</script>',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('COM-01 refuses a javascript: link and unknown templates as permanent failures', () => {
    expect(() =>
      renderTemplate('client.invitation', 'fr', { ...data, activationUrl: 'javascript:alert(1)' }),
    ).toThrow(PermanentFailureError);
    expect(() => renderTemplate('no.such.template', 'fr', {})).toThrow(PermanentFailureError);
  });
});
