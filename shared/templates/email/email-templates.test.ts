import { describe, expect, it } from 'vitest';
import { PermanentFailureError } from '../../kernel/errors';
import { cher, escapeHtml } from './compose';
import {
  checkTemplateText,
  type EmailTemplateId,
  emailTemplate,
  emailTemplateIds,
  renderTemplate,
  templatePlaceholders,
} from './index';

const data = {
  firstName: 'Amélie',
  salutation: 'f',
  activationUrl: 'https://parvis.example/fr/activer?t=abc',
};

/** The hrefs of an HTML part, as a mail client would follow them. */
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);

describe('e-mail templates', () => {
  it('COM-01 renders the invitation in French with the {cher} {prenom_client} greeting', () => {
    const mail = renderTemplate('client.invitation', 'fr', data);
    expect(mail.subject).toBe('Votre dossier est prêt');
    expect(mail.text.startsWith('Chère Amélie,\n')).toBe(true);
    expect(mail.text).toContain('Accéder à mon dossier : https://parvis.example/fr/activer?t=abc');
    expect(mail.html).toContain('<html lang="fr-CA">');
    expect(mail.html).toContain('href="https://parvis.example/fr/activer?t=abc"');
  });

  it('COM-01 renders the same message in English', () => {
    const mail = renderTemplate('client.invitation', 'en', { ...data, salutation: 'm', firstName: 'Sam' });
    expect(mail.subject).toBe('Your client file is ready');
    expect(mail.text.startsWith('Dear Sam,')).toBe(true);
    expect(mail.text).toContain('Open my file: https://parvis.example/fr/activer?t=abc');
    expect(mail.html).toContain('<html lang="en-CA">');
  });

  it.each(emailTemplateIds.flatMap((id) => (['fr', 'en'] as const).map((locale) => [id, locale] as const)))(
    'COM-01 the default %s (%s) renders with its sample data, every link from the data',
    (id, locale) => {
      const definition = emailTemplate(id);
      expect(checkTemplateText(id, definition.defaults[locale])).toEqual([]);
      const mail = renderTemplate(id, locale, definition.sample);
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.subject).toBe(mail.subject.trim());
      // Nothing left unfilled, in either part.
      expect(mail.text).not.toMatch(/[{}]/);
      expect(mail.html).not.toMatch(/[{}]/);
      expect(mail.text.split('\n')[0]).toMatch(
        locale === 'fr' ? /^(Chère|Cher|Bonjour) \S.*,$/ : /^(Dear|Hello) \S.*,$/,
      );
      const sampleUrls = Object.values(definition.sample as Record<string, unknown>).filter(
        (value): value is string => typeof value === 'string' && value.startsWith('https://'),
      );
      const links = hrefs(mail.html);
      expect(links.length).toBeGreaterThan(0);
      for (const href of links) expect(sampleUrls.map(escapeHtml)).toContain(href);
      for (const placeholder of templatePlaceholders(id).filter((p) => p.required)) {
        const name = placeholder.token.slice(1, -1);
        const url = definition.placeholders[name]?.value(definition.sample as never, locale);
        expect(url && links).toContain(url);
        expect(mail.text).toContain(url);
      }
      // The school's own brand and addresses are never hard-coded in Parvis's defaults.
      expect(`${mail.subject}${mail.text}`).not.toMatch(/ecoutetoncorps|écoute ton corps|1-800|01 76/i);
    },
  );

  it('COM-01 {cher} follows the salutation, and reads right without a first name', () => {
    expect([cher('fr', 'f'), cher('fr', 'm'), cher('fr', 'x')]).toEqual(['Chère', 'Cher', 'Bonjour']);
    expect([cher('en', 'f'), cher('en', 'm'), cher('en', 'x')]).toEqual(['Dear', 'Dear', 'Hello']);
    const reset = { resetUrl: 'https://parvis.example/r', salutation: 'f' };
    expect(renderTemplate('account.passwordReset', 'fr', reset).text.split('\n')[0]).toBe('Bonjour,');
    expect(renderTemplate('account.passwordReset', 'en', reset).text.split('\n')[0]).toBe('Hello,');
  });

  it('COM-01 a paragraph whose optional value is missing is left out, not printed half empty', () => {
    const without = renderTemplate('client.invitation', 'fr', data);
    expect(without.text).not.toContain('vidéo');
    const withVideo = renderTemplate('client.invitation', 'fr', {
      ...data,
      helpVideoUrl: 'https://video.example/aide',
    });
    expect(withVideo.text).toContain(
      'Si vous avez besoin d’aide pour le faire, voici une vidéo de quelques minutes qui vous aidera (https://video.example/aide).',
    );
    expect(withVideo.html).toContain('<a href="https://video.example/aide"');
    const reset = renderTemplate('account.passwordReset', 'fr', { resetUrl: 'https://parvis.example/r' });
    expect(reset.text).not.toContain('valide pendant');
    const oneHour = renderTemplate('account.passwordReset', 'fr', {
      resetUrl: 'https://parvis.example/r',
      validForHours: 1,
    });
    expect(oneHour.text).toContain('Ce lien est valide pendant 1 heure et');
    expect(
      renderTemplate('account.emailVerification', 'en', {
        verificationUrl: 'https://parvis.example/v',
        validForHours: 168,
      }).text,
    ).toContain('This link works for 7 days.');
  });

  it('COM-01 shows the change of password at the time of the owner’s zone', () => {
    const base = { changedAt: '2026-07-01T23:00:00Z', forgotPasswordUrl: 'https://parvis.example/f' };
    expect(renderTemplate('account.passwordChanged', 'fr', base).text).toContain(
      'le 1 juillet 2026 à 19 h 00.',
    );
    expect(
      renderTemplate('account.passwordChanged', 'fr', { ...base, timeZone: 'Europe/Paris' }).text,
    ).toContain('le 2 juillet 2026 à 01 h 00.');
    expect(() =>
      renderTemplate('account.passwordChanged', 'fr', { ...base, timeZone: 'Mars/Olympus' }),
    ).toThrow(PermanentFailureError);
  });

  it('COM-01 escapes hostile data in the HTML part and keeps the text part plain', () => {
    const mail = renderTemplate('client.invitation', 'fr', {
      ...data,
      firstName: '<script>alert(1)</script>',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.text).toContain('Chère <script>alert(1)</script>,');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
    const quoted = renderTemplate('client.invitation', 'fr', {
      ...data,
      activationUrl: 'https://parvis.example/a?x="><img src=x onerror=alert(1)>',
    });
    expect(quoted.html).not.toContain('<img');
  });

  it('COM-01 a value cannot break the subject line or add header lines', () => {
    const mail = renderTemplate('client.invitation', 'fr', data, {
      subject: '{prenom_client}, votre dossier',
      body: '{lien_activation}',
    });
    expect(mail.subject).toBe('Amélie, votre dossier');
    const injected = renderTemplate(
      'client.invitation',
      'fr',
      { ...data, firstName: 'Eve\r\nBcc: victim@example.org' },
      { subject: '{prenom_client}, votre dossier', body: '{lien_activation}' },
    );
    expect(injected.subject).toBe('Eve Bcc: victim@example.org, votre dossier');
    expect(injected.subject).not.toMatch(/[\r\n]/);
  });

  it('COM-01 staff text is text: HTML typed in a template is escaped, and only data makes links', () => {
    const mail = renderTemplate('client.invitation', 'fr', data, {
      subject: '<b>Bienvenue</b>',
      body: '<a href="https://evil.example">Cliquez</a> <script>alert(1)</script>\nhttps://evil.example/direct\n\n{lien_activation|<img src=x onerror=alert(1)>}',
    });
    expect(mail.subject).toBe('<b>Bienvenue</b>');
    expect(mail.html).not.toMatch(/<script|<img|<a href="https:\/\/evil/);
    expect(mail.html).toContain('&lt;a href=&quot;https://evil.example&quot;&gt;Cliquez&lt;/a&gt;');
    expect(hrefs(mail.html)).toEqual([data.activationUrl]);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;</a>');
    expect(mail.html).toContain('<title>&lt;b&gt;Bienvenue&lt;/b&gt;</title>');
    // A single line break stays a line break, inside one paragraph.
    expect(mail.html).toMatch(/&lt;\/script&gt;<br>\nhttps:\/\/evil\.example\/direct<\/p>/);
    expect(mail.text).toContain('<a href="https://evil.example">Cliquez</a> <script>alert(1)</script>');
  });

  it('COM-01 a link inside a sentence is a link; alone in its paragraph it is a button', () => {
    const mail = renderTemplate('client.invitation', 'fr', data, {
      subject: 'Objet',
      body: 'Pour commencer, {lien_activation|ouvrez votre dossier} maintenant.\n\n{lien_activation}',
    });
    expect(mail.html).toContain(
      `Pour commencer, <a href="${data.activationUrl}" style="color:#7a2e1d">ouvrez votre dossier</a> maintenant.`,
    );
    expect(mail.html).toMatch(/display:inline-block">Accéder à mon dossier<\/a>/);
    expect(mail.text).toContain(`Pour commencer, ouvrez votre dossier (${data.activationUrl}) maintenant.`);
    expect(mail.text).toContain(`Accéder à mon dossier : ${data.activationUrl}`);
  });

  it('COM-01 refuses an unknown placeholder, naming it in French and English', () => {
    const problems = checkTemplateText('client.invitation', {
      subject: 'Bonjour {nom_client}',
      body: '{cher} {prenom} {lien_activation}',
    });
    expect(problems.map((p) => [p.field, p.code, p.placeholder])).toEqual([
      ['subject', 'unknown_placeholder', 'nom_client'],
      ['body', 'unknown_placeholder', 'prenom'],
    ]);
    expect(problems[1]?.message.fr).toContain('Le champ de fusion {prenom} n’existe pas');
    expect(problems[1]?.message.fr).toContain('{prenom_client}');
    expect(problems[1]?.message.en).toContain('Unknown placeholder {prenom}');
  });

  it('COM-01 refuses malformed placeholders: unclosed, a link in the subject, words on a text value, a missing link', () => {
    const codes = (subject: string, body: string) =>
      checkTemplateText('client.invitation', { subject, body }).map((p) => p.code);
    expect(codes('Objet', 'Bonjour {prenom_client\n\n{lien_activation}')).toEqual(['unclosed_brace']);
    // The first brace is unclosed; {cher} after it still counts, and the last } is literal.
    expect(codes('Objet', 'Bonjour {prenom_client {cher}}\n\n{lien_activation}')).toEqual(['unclosed_brace']);
    expect(codes('Voir {lien_activation}', '{lien_activation}')).toEqual(['link_in_subject']);
    expect(codes('Objet', '{prenom_client|Marie} {lien_activation}')).toEqual(['label_not_allowed']);
    expect(codes('Objet', 'Bonjour {prenom_client}')).toEqual(['missing_placeholder']);
    expect(codes('Objet', '{} {lien_activation}')).toEqual(['unknown_placeholder']);
    expect(codes('Objet', '{__proto__} {constructor} {lien_activation}')).toEqual([
      'unknown_placeholder',
      'unknown_placeholder',
    ]);
  });

  it('COM-01 writes a literal brace as {{ or }}', () => {
    expect(
      checkTemplateText('client.invitation', { subject: 'a {{b}}', body: '{{x}} {lien_activation}' }),
    ).toEqual([]);
    const mail = renderTemplate('client.invitation', 'fr', data, {
      subject: 'a {{b}}',
      body: 'Code {{x}} pour {prenom_client}\n\n{lien_activation}',
    });
    expect(mail.subject).toBe('a {b}');
    expect(mail.text).toContain('Code {x} pour Amélie');
  });

  it('COM-01 an override that no longer fits its template is ignored: the default is sent', () => {
    const mail = renderTemplate('client.invitation', 'fr', data, {
      subject: 'Ancien {champ_retire}',
      body: '{lien_activation}',
    });
    expect(mail.subject).toBe('Votre dossier est prêt');
  });

  it('COM-01 renders a 20,000-character body', () => {
    const body = `${'Lorem ipsum dolor sit amet. '.repeat(800).slice(0, 19_950)}\n\n{lien_activation}`;
    const mail = renderTemplate('client.invitation', 'en', data, { subject: 'Long', body });
    expect(mail.text.length).toBeGreaterThan(19_900);
  });

  it('ORG-08 invites a member by name, with the role in the reader’s language', () => {
    const mail = renderTemplate('member.invitation', 'en', {
      displayName: 'Sam Roy',
      organizationName: 'Théâtre <Parvis>',
      role: 'moderator',
      activationUrl: 'https://parvis.example/en/compte/activer?jeton=t',
    });
    expect(mail.subject).toBe('Your Parvis access for Théâtre <Parvis>');
    expect(mail.text).toContain(
      'Hello Sam Roy,\n\nA Parvis account was created for you with the role “Chat moderator” for Théâtre <Parvis>.',
    );
    expect(mail.html).toContain('“Chat moderator” for Théâtre &lt;Parvis&gt;.');
    expect(() =>
      renderTemplate('member.invitation', 'fr', {
        displayName: 'x',
        organizationName: 'y',
        role: 'root',
        activationUrl: 'https://a.example',
      }),
    ).toThrow(PermanentFailureError);
  });

  it('COM-01 refuses a javascript: link and unknown templates as permanent failures', () => {
    expect(() =>
      renderTemplate('client.invitation', 'fr', { ...data, activationUrl: 'javascript:alert(1)' }),
    ).toThrow(PermanentFailureError);
    expect(() =>
      renderTemplate('client.invitation', 'fr', { ...data, activationUrl: 'data:text/html,<b>x</b>' }),
    ).toThrow(PermanentFailureError);
    expect(() => renderTemplate('no.such.template', 'fr', {})).toThrow(PermanentFailureError);
    expect(() => renderTemplate('__proto__', 'fr', {})).toThrow(PermanentFailureError);
  });

  it('COM-01 every template lists its placeholders with a French description for the editor', () => {
    for (const id of emailTemplateIds as EmailTemplateId[]) {
      const placeholders = templatePlaceholders(id);
      // Members (invitations, the events' approval) have no client file: no civility, their display name instead.
      const toMember = id === 'member.invitation' || id.startsWith('event.');
      const greeting = toMember ? ['{nom_utilisateur}'] : ['{cher}', '{prenom_client}'];
      expect(placeholders.map((p) => p.token)).toEqual(expect.arrayContaining(greeting));
      for (const placeholder of placeholders) {
        expect(placeholder.token).toMatch(/^\{[a-z_]+\}$/);
        expect(placeholder.description.fr.length).toBeGreaterThan(5);
      }
      expect(placeholders.some((p) => p.kind === 'link' && p.required)).toBe(true);
    }
  });
});
