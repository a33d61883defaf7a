import { describe, expect, it } from 'vitest';
import { PermanentFailureError } from '../../kernel/errors';
import { formatMoney } from '../i18n/format';
import type { AccessHelpData } from './access-help';
import { cher, escapeHtml } from './compose';
import {
  checkTemplateText,
  type EmailTemplateId,
  emailTemplate,
  emailTemplateIds,
  renderTemplate,
  templatePlaceholders,
} from './index';
import type { OrderCancelledData, OrderCancelledOrganizerData } from './order-cancelled';
import type { OrderConfirmationData } from './order-confirmation';
import type { OrderLatePaymentRefundedData } from './order-late-payment-refunded';
import type { WaitlistOfferData } from './waitlist-offer';

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
      // Members (invitations, the events' approval, an organizer told of a cancellation, staff and
      // organizer asked for technical help) have no client file: no civility, their display name instead.
      const toMember =
        id === 'member.invitation' ||
        id.startsWith('event.') ||
        id === 'order.cancelled.organizer' ||
        id === 'access.help';
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

describe('ticketing e-mails (TIX-10, TIX-11, TIX-13, TIX-15)', () => {
  const money = (cents: number, locale: 'fr' | 'en') => formatMoney(cents, 'CAD', locale);
  const confirmation = emailTemplate('order.confirmation').sample as OrderConfirmationData;
  const registration: OrderConfirmationData = {
    ...confirmation,
    registration: true,
    lines: [{ category: 'Admission générale', quantity: 2, unitPriceCents: 0 }],
    taxes: [],
    totalCents: 0,
    customMessage: undefined,
    cancelUrl: 'https://parvis.example/fr/commandes/01JORDER/annuler?t=abc',
  };
  const online: OrderConfirmationData = {
    ...confirmation,
    venue: undefined,
    online: true,
    accessCodes: [
      { label: 'Adulte 1', code: 'K7QF-2M9X' },
      { label: 'Adulte 2', code: 'P3ZD-8W4N' },
    ],
    broadcastUrl: 'https://parvis.example/fr/diffusion/01JEVENT',
    helpUrl: 'https://parvis.example/fr/diffusion/01JEVENT/assistance',
  };

  it('TIX-10 a paid order: « Merci pour votre achat », lines with unit price and taxes, taxes, total, in fr-CA and en-CA money', () => {
    const fr = renderTemplate('order.confirmation', 'fr', confirmation);
    expect(fr.subject).toBe('Merci pour votre achat : Carmen | Opéra de Montréal');
    expect(fr.text).toContain(`2 × Adulte : ${money(4500, 'fr')} chacun, taxes ${money(1348, 'fr')}`);
    expect(money(4500, 'fr')).toMatch(/^45,00\s\$$/);
    expect(fr.text).toContain(`Taxes : TPS ${money(600, 'fr')} · TVQ ${money(1197, 'fr')}`);
    expect(fr.text).toContain(`Total : ${money(13797, 'fr')}`);
    expect(fr.text).toContain('12 décembre 2026 à 19 h 30 – 22 h 00');
    expect(fr.text).toContain('Lieu : Salle Desjardins-TELUS, 25, rue Saint-Germain Ouest, Rimouski');
    expect(fr.text).toContain('Au nom de : Amélie Tremblay');
    expect(fr.text).toContain('commande 2026-001042 auprès de Spect’Art Rimouski');
    expect(fr.text).toContain('présentez le code QR de chaque billet');
    expect(fr.text).toContain('Votre reçu et vos billets sont joints à ce courriel en format PDF.');
    expect(fr.text).not.toContain('Annulez');
    // TIX-06: the organizer's message keeps its lines, in both parts.
    expect(fr.text).toContain(
      'Message de Spect’Art Rimouski :\nLes portes ouvrent 45 minutes avant le spectacle.\nLe stationnement est gratuit.',
    );
    expect(fr.html).toContain(
      'Les portes ouvrent 45 minutes avant le spectacle.<br>\nLe stationnement est gratuit.',
    );
    expect(hrefs(fr.html)).toEqual([confirmation.orderUrl]);

    const en = renderTemplate('order.confirmation', 'en', confirmation);
    expect(en.subject).toBe('Thank you for your purchase: Carmen | Opéra de Montréal');
    expect(money(4500, 'en')).toBe('$45.00');
    expect(en.text).toContain('2 × Adulte: $45.00 each, taxes $13.48');
    expect(en.text).toContain('Total: $137.97');
    expect(en.text).toContain('December 12, 2026 at 7:30 p.m. – 10:00 p.m.');
    expect(en.html).toContain('<html lang="en-CA">');
  });

  it('TIX-10 TIX-11 a free registration: « Votre inscription est confirmée », no total, and the one-step cancellation link', () => {
    const fr = renderTemplate('order.confirmation', 'fr', registration);
    expect(fr.subject).toBe('Votre inscription est confirmée : Carmen | Opéra de Montréal');
    expect(fr.text).toContain('2 × Admission générale : gratuit');
    expect(fr.text).not.toMatch(/Total|Taxes/);
    expect(fr.text).toContain(`Annulez votre inscription (${registration.cancelUrl}) en un clic`);
    expect(hrefs(fr.html)).toEqual([registration.orderUrl, registration.cancelUrl]);
    const en = renderTemplate('order.confirmation', 'en', registration);
    expect(en.subject).toBe('Your registration is confirmed: Carmen | Opéra de Montréal');
    expect(en.text).toContain('2 × Admission générale: free');
    expect(en.text).toContain(`Cancel your registration (${registration.cancelUrl}) in one click`);
    // A paid order never carries a cancellation link (TIX-11 is for free registrations).
    expect(() =>
      renderTemplate('order.confirmation', 'fr', { ...confirmation, cancelUrl: registration.cancelUrl }),
    ).toThrow(PermanentFailureError);
  });

  it('TIX-04 tickets picked up on site: said instead of the QR codes, and only the receipt is attached', () => {
    const fr = renderTemplate('order.confirmation', 'fr', {
      ...confirmation,
      pickUpOnSite: true,
      ticketsAttached: false,
    });
    expect(fr.text).toContain('Vous avez choisi de récupérer vos billets sur place');
    expect(fr.text).not.toContain('code QR');
    expect(fr.text).toContain('Votre reçu est joint à ce courriel en format PDF.');
    const en = renderTemplate('order.confirmation', 'en', {
      ...confirmation,
      pickUpOnSite: true,
      ticketsAttached: false,
    });
    expect(en.text).toContain('You chose to pick up your tickets on site');
    expect(en.text).toContain('Your receipt is attached to this e-mail as a PDF file.');
  });

  it('TIX-13 an online event: access codes replace the QR codes, with the broadcast and « Assistance technique » links', () => {
    const fr = renderTemplate('order.confirmation', 'fr', online);
    expect(fr.text).toContain('votre code d’accès remplace le code QR');
    expect(fr.text).not.toContain('présentez le code QR');
    expect(fr.text).toContain('Vos codes d’accès :\nAdulte 1 : K7QF-2M9X\nAdulte 2 : P3ZD-8W4N');
    expect(fr.text).not.toContain('Lieu :');
    expect(fr.text).toContain(`Accéder à la diffusion : ${online.broadcastUrl}`);
    expect(fr.text).toContain(`Assistance technique (${online.helpUrl})`);
    expect(hrefs(fr.html)).toEqual([online.broadcastUrl, online.helpUrl, online.orderUrl]);
    const en = renderTemplate('order.confirmation', 'en', online);
    expect(en.text).toContain('Your access codes:\nAdulte 1: K7QF-2M9X');
    expect(en.text).toContain(`Technical help (${online.helpUrl})`);
    // Codes and help links belong to online events only.
    expect(() =>
      renderTemplate('order.confirmation', 'fr', { ...confirmation, accessCodes: online.accessCodes }),
    ).toThrow(PermanentFailureError);
  });

  it('TIX-10 dates are shown in the event’s time zone, every date of the order on its own line', () => {
    const dates = [
      { startsAt: '2026-12-05T00:00:00.000Z' },
      { startsAt: '2026-12-06T18:00:00.000Z', endsAt: '2026-12-07T02:00:00.000Z' },
    ];
    const toronto = renderTemplate('order.confirmation', 'fr', { ...confirmation, dates });
    expect(toronto.text).toContain(
      'Carmen | Opéra de Montréal\n4 décembre 2026 à 19 h 00\n6 décembre 2026 à 13 h 00 – 21 h 00',
    );
    const paris = renderTemplate('order.confirmation', 'fr', {
      ...confirmation,
      dates,
      timeZone: 'Europe/Paris',
    });
    expect(paris.text).toContain(
      '5 décembre 2026 à 01 h 00\n6 décembre 2026 à 19 h 00 – 7 décembre 2026 à 03 h 00',
    );
  });

  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  it.each([
    [
      'order.confirmation',
      { ...confirmation, buyerName: hostile, eventTitle: hostile, customMessage: `${hostile}\r\nBcc: x@y.z` },
    ],
    [
      'order.cancelled',
      { ...(emailTemplate('order.cancelled').sample as object), eventTitle: hostile, note: hostile },
    ],
    [
      'order.cancelled.organizer',
      {
        ...(emailTemplate('order.cancelled.organizer').sample as object),
        buyerName: hostile,
        eventTitle: hostile,
      },
    ],
    [
      'order.late-payment-refunded',
      { ...(emailTemplate('order.late-payment-refunded').sample as object), organizationName: hostile },
    ],
    [
      'waitlist.offer',
      { ...(emailTemplate('waitlist.offer').sample as object), category: hostile, eventTitle: hostile },
    ],
    [
      'access.help',
      {
        ...(emailTemplate('access.help').sample as object),
        viewerName: hostile,
        message: hostile,
        accessCode: '<b>x</b>',
      },
    ],
  ] as const)('TIX-10 %s escapes hostile data in its HTML part, in fr and en', (id, data) => {
    for (const locale of ['fr', 'en'] as const) {
      const mail = renderTemplate(id, locale, data);
      expect(mail.html).not.toMatch(/<script|<img|<b>/);
      expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(mail.text).toContain('<script>alert(1)</script>');
      expect(mail.subject).not.toMatch(/[\r\n]/);
      for (const href of hrefs(mail.html)) expect(href).toMatch(/^https:\/\/parvis\.example\//);
    }
  });

  it.each([
    ['order.confirmation', 'lien_commande'],
    ['order.cancelled', 'lien_commande'],
    ['order.cancelled.organizer', 'lien_commande'],
    ['order.late-payment-refunded', 'lien_evenement'],
    ['waitlist.offer', 'lien_offre'],
    ['access.help', 'lien_action'],
  ] as const)(
    'TIX-10 %s: a text without its required link {%s} is refused, naming it; its data without the link too',
    (id, name) => {
      const definition = emailTemplate(id);
      const body = definition.defaults.fr.body.replace(new RegExp(`\\{${name}(\\|[^}]*)?\\}`, 'g'), '');
      expect(checkTemplateText(id, { subject: definition.defaults.fr.subject, body })).toEqual([
        expect.objectContaining({ code: 'missing_placeholder', placeholder: name }),
      ]);
      const link = Object.entries(definition.sample as Record<string, unknown>).find(
        ([, value]) => value === definition.placeholders[name]?.value(definition.sample as never, 'fr'),
      )?.[0];
      expect(link).toBeDefined();
      const { [link ?? '']: _dropped, ...withoutLink } = definition.sample as Record<string, unknown>;
      expect(() => renderTemplate(id, 'fr', withoutLink)).toThrow(PermanentFailureError);
      expect(() =>
        renderTemplate(id, 'fr', {
          ...(definition.sample as Record<string, unknown>),
          [link ?? '']: 'javascript:alert(1)',
        }),
      ).toThrow(PermanentFailureError);
    },
  );

  it('TIX-11 TIX-14 the buyer is told who cancelled and what was refunded; nothing refunded, no refund paragraph', () => {
    const sample = emailTemplate('order.cancelled').sample as OrderCancelledData;
    const refunded = renderTemplate('order.cancelled', 'fr', sample);
    expect(refunded.subject).toBe('L’organisme a annulé votre commande : Carmen | Opéra de Montréal');
    expect(refunded.text).toContain(`Montant remboursé : ${money(13797, 'fr')}.`);
    expect(renderTemplate('order.cancelled', 'en', sample).text).toContain('Amount refunded: $137.97.');
    const own = renderTemplate('order.cancelled', 'fr', {
      ...sample,
      registration: true,
      cancelledBy: 'buyer',
      refundedCents: undefined,
      note: undefined,
    });
    expect(own.subject).toBe('Votre inscription est annulée : Carmen | Opéra de Montréal');
    expect(own.text).not.toMatch(/rembours|Message de/);
    expect(
      renderTemplate('order.cancelled', 'en', { ...sample, registration: true, cancelledBy: 'buyer' })
        .subject,
    ).toBe('Your registration is cancelled: Carmen | Opéra de Montréal');
  });

  it('TIX-11 the organizer is told who cancelled, when, and which seats are free again', () => {
    const sample = emailTemplate('order.cancelled.organizer').sample as OrderCancelledOrganizerData;
    const fr = renderTemplate('order.cancelled.organizer', 'fr', sample);
    expect(fr.subject).toBe('Annulation : Marc Bélanger, Conférence : le fleuve en hiver');
    expect(fr.text).toContain(
      'Le 1 décembre 2026 à 09 h 05, Marc Bélanger a annulé son inscription (commande 2026-001043) pour « Conférence : le fleuve en hiver » (4 décembre 2026 à 19 h 00).',
    );
    expect(fr.text).toContain('Places de nouveau disponibles :\n2 × Admission générale');
    expect(fr.text).not.toContain('Montant remboursé');
    const paid = renderTemplate('order.cancelled.organizer', 'en', {
      ...sample,
      registration: false,
      refundedCents: 5000,
    });
    expect(paid.text).toContain('cancelled their order (order 2026-001043)');
    expect(paid.text).toContain('Amount refunded: $50.00');
  });

  it('TIX-09 a late payment: refunded in full, with an apology and the event’s page', () => {
    const sample = emailTemplate('order.late-payment-refunded').sample as OrderLatePaymentRefundedData;
    const fr = renderTemplate('order.late-payment-refunded', 'fr', sample);
    expect(fr.text).toContain(
      `Nous vous avons remboursé ${money(9197, 'fr')} en entier (commande 2026-001044).`,
    );
    expect(fr.text).toContain('Nous sommes désolés');
    expect(renderTemplate('order.late-payment-refunded', 'en', sample).text).toContain(
      'We refunded $91.97 in full',
    );
  });

  it('TIX-15 a waiting-list offer says how many seats, in which category, until when at the venue', () => {
    const sample = emailTemplate('waitlist.offer').sample as WaitlistOfferData;
    const fr = renderTemplate('waitlist.offer', 'fr', sample);
    expect(fr.text).toContain(
      'Nous vous réservons 2 places en catégorie Adulte jusqu’au 10 décembre 2026 à 12 h 00 :',
    );
    expect(renderTemplate('waitlist.offer', 'fr', { ...sample, quantity: 1 }).text).toContain(
      '1 place en catégorie',
    );
    const en = renderTemplate('waitlist.offer', 'en', {
      ...sample,
      quantity: 1,
      timeZone: 'America/Halifax',
    });
    expect(en.text).toContain(
      'We are holding 1 seat in the Adulte category for you until December 10, 2026 at 1:00 p.m.:',
    );
  });

  it('TIX-13 a help request carries the viewer, their code, the order and their words to staff and organizer', () => {
    const sample = emailTemplate('access.help').sample as AccessHelpData;
    const fr = renderTemplate('access.help', 'fr', sample);
    expect(fr.subject).toBe('Assistance technique : Concert en ligne : Les Cowboys Fringants');
    expect(fr.text).toContain('Amélie Tremblay (amelie@example.org) demande de l’aide');
    expect(fr.text).toContain('Code d’accès : K7QF-2M9X');
    expect(fr.text).toContain(
      'Son message :\nLe code est refusé sur ma tablette.\nJe l’avais utilisé hier sur mon ordinateur.',
    );
    const bare = renderTemplate('access.help', 'en', {
      ...sample,
      accessCode: undefined,
      orderNumber: undefined,
      message: undefined,
    });
    expect(bare.text).not.toMatch(/Access code|Order:|Their message/);
    expect(bare.text).toContain('Asked on December 12, 2026 at 7:41 p.m.');
  });

  it('COM-01 a multi-line value is one line in a subject staff wrote', () => {
    const mail = renderTemplate('order.confirmation', 'fr', confirmation, {
      subject: 'Vos billets : {lignes_commande}',
      body: '{lien_commande}',
    });
    expect(mail.subject).toBe(
      `Vos billets : 2 × Adulte : ${money(4500, 'fr')} chacun, taxes ${money(1348, 'fr')} 1 × Étudiant : ${money(3000, 'fr')} chacun, taxes ${money(449, 'fr')}`,
    );
  });
});
