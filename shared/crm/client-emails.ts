/**
 * The e-mails the client file sends, in one place: which template, which data, which link. The
 * link tokens are built here as token items that join the caller's transaction, so a file, its
 * account and the e-mail carrying the link are written together or not at all.
 */
import type { EmailRequest } from '../comms/queue-email';
import type { Deps } from '../deps';
import {
  type AccountToken,
  type AccountTokenPurpose,
  accountTokenLifetimeSeconds,
  verificationAddressDigest,
} from '../identity/account-token';
import { newToken, tokenDigest } from '../identity/tokens';
import type { Salutation } from './client';

type Locale = 'fr' | 'en';

/** The pages the links open (web/src/routes/[locale=locale]/…, web/src/lib/paths.ts). */
export const accountPages = {
  activate: 'compte/activer',
  verify: 'compte/verifier',
  logIn: 'connexion',
  forgotPassword: 'mot-de-passe-oublie',
} as const;

export function pageUrl(
  deps: Pick<Deps, 'config'>,
  locale: Locale,
  page: keyof typeof accountPages,
  token?: string,
): string {
  const base = `${deps.config.siteUrl.replace(/\/+$/, '')}/${locale}/${accountPages[page]}`;
  return token ? `${base}?jeton=${token}` : base;
}

/**
 * A link token item for a user written in the same transaction as its account (shared/identity
 * account-token.ts): `tokenVersion` must be the version the account is written with, which
 * shared/identity/account-tokens.ts `issueAccountToken` would otherwise have raised. A
 * verification link names the address it is sent to (`email`): it verifies that address only.
 */
export function newAccountTokenItem(
  deps: Pick<Deps, 'clock'>,
  input: { userId: string; tokenVersion: number } & (
    | { purpose: 'verify-email'; email: string }
    | { purpose: Exclude<AccountTokenPurpose, 'verify-email'>; email?: never }
  ),
): { token: string; item: AccountToken } {
  const now = deps.clock.now();
  const token = newToken();
  return {
    token,
    item: {
      tokenDigest: tokenDigest(token),
      purpose: input.purpose,
      userId: input.userId,
      tokenVersion: input.tokenVersion,
      ...(input.purpose === 'verify-email'
        ? { emailDigest: verificationAddressDigest(token, input.email) }
        : {}),
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + accountTokenLifetimeSeconds[input.purpose],
    },
  };
}

interface Person {
  clientId: string;
  email: string;
  firstName: string;
  salutation: Salutation;
  locale: Locale;
}

/** CRM-01: the file staff created, with the link that activates its account (« invitation au portail »). */
export function invitationEmail(deps: Pick<Deps, 'config'>, person: Person, token: string): EmailRequest {
  return {
    templateId: 'client.invitation',
    locale: person.locale,
    to: person.email,
    recipientId: person.clientId,
    data: {
      firstName: person.firstName,
      salutation: person.salutation,
      activationUrl: pageUrl(deps, person.locale, 'activate', token),
    },
  };
}

/** CRM-01: « Création d'un dossier par le client », with the link that verifies the address. */
export function signUpEmail(deps: Pick<Deps, 'config'>, person: Person, token: string): EmailRequest {
  return {
    templateId: 'client.signup',
    locale: person.locale,
    to: person.email,
    recipientId: person.clientId,
    data: {
      firstName: person.firstName,
      salutation: person.salutation,
      verificationUrl: pageUrl(deps, person.locale, 'verify', token),
      fileUrl: pageUrl(deps, person.locale, 'logIn'),
    },
  };
}

/** A new address to prove (changed by its owner), with a verification link. */
export function emailVerificationEmail(
  deps: Pick<Deps, 'config'>,
  person: Person,
  token: string,
): EmailRequest {
  return {
    templateId: 'account.emailVerification',
    locale: person.locale,
    to: person.email,
    recipientId: person.clientId,
    data: {
      firstName: person.firstName,
      salutation: person.salutation,
      verificationUrl: pageUrl(deps, person.locale, 'verify', token),
      validForHours: accountTokenLifetimeSeconds['verify-email'] / 3600,
    },
  };
}

/**
 * CRM-03: someone tried to create a file with an address that already has one. Goes to the
 * address's owner only; the person who tried sees the same screen as for a new sign-up.
 */
export function signUpAttemptEmail(
  deps: Pick<Deps, 'config'>,
  to: { email: string; locale: Locale; clientId?: string; firstName?: string; salutation?: Salutation },
): EmailRequest {
  return {
    templateId: 'account.signupAttempt',
    locale: to.locale,
    to: to.email,
    recipientId: to.clientId,
    data: {
      ...(to.firstName ? { firstName: to.firstName } : {}),
      ...(to.salutation ? { salutation: to.salutation } : {}),
      fileUrl: pageUrl(deps, to.locale, 'logIn'),
      forgotPasswordUrl: pageUrl(deps, to.locale, 'forgotPassword'),
    },
  };
}
