/**
 * What each reader may see of a file. The profile item holds staff-only summaries (red flag,
 * trainer note, who created it): these mappers are the only way a profile leaves the domain, so a
 * client-facing page cannot show a staff field by forgetting to remove it.
 */
import type {
  ClientProfile,
  ClientStatus,
  ConsentChannel,
  ConsentValue,
  EmailStatus,
  Salutation,
} from './client';

export interface ConsentState {
  value: ConsentValue;
  at?: string;
}

export interface ClientAddress {
  street?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country: string;
}

/** The client's own view (portal), and what impersonating staff see (CRM-09). No staff notes or flags. */
export interface ClientPortalView {
  clientId: string;
  salutation: Salutation;
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  address: ClientAddress;
  locale: 'fr' | 'en';
  status: ClientStatus;
  noEmail: boolean;
  consent: Record<ConsentChannel, ConsentState>;
  consentAskedAt?: string;
  /** CRM-11: never answered: the portal asks at log-in. */
  mustAskConsent: boolean;
  emailStatus: EmailStatus;
}

/** The staff console's view of the file: everything on the profile. */
export interface StaffClientView extends ClientPortalView {
  userId?: string;
  emailStatusAt?: string;
  emailStatusDetail?: string;
  redFlag?: string;
  hasTrainerNote: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt?: string;
  /** Pass back to update-client-profile to refuse a change made on a stale copy. */
  version: number;
}

/** One row of a staff search result. */
export interface ClientSummary {
  clientId: string;
  salutation: Salutation;
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  city?: string;
  postalCode?: string;
  country: string;
  status: ClientStatus;
  noEmail: boolean;
  emailStatus: EmailStatus;
  hasRedFlag: boolean;
  hasTrainerNote: boolean;
}

function consentOf(profile: ClientProfile): Record<ConsentChannel, ConsentState> {
  return {
    email: { value: profile.consentEmail, ...(profile.consentEmailAt ? { at: profile.consentEmailAt } : {}) },
    phone: { value: profile.consentPhone, ...(profile.consentPhoneAt ? { at: profile.consentPhoneAt } : {}) },
    mail: { value: profile.consentMail, ...(profile.consentMailAt ? { at: profile.consentMailAt } : {}) },
  };
}

export function toPortalView(profile: ClientProfile): ClientPortalView {
  return {
    clientId: profile.clientId,
    salutation: profile.salutation,
    firstName: profile.firstName,
    lastName: profile.lastName,
    email: profile.email,
    phone: profile.phone,
    address: {
      street: profile.street,
      city: profile.city,
      region: profile.region,
      postalCode: profile.postalCode,
      country: profile.country,
    },
    locale: profile.locale,
    status: profile.status,
    noEmail: profile.noEmail,
    consent: consentOf(profile),
    consentAskedAt: profile.consentAskedAt,
    mustAskConsent: !profile.consentAskedAt,
    emailStatus: profile.emailStatus,
  };
}

export function toStaffView(profile: ClientProfile): StaffClientView {
  return {
    ...toPortalView(profile),
    userId: profile.userId,
    emailStatusAt: profile.emailStatusAt,
    emailStatusDetail: profile.emailStatusDetail,
    redFlag: profile.redFlag,
    hasTrainerNote: profile.hasTrainerNote,
    createdAt: profile.createdAt,
    createdBy: profile.createdBy,
    updatedAt: profile.updatedAt,
    version: profile.version,
  };
}

export function toSummary(profile: ClientProfile): ClientSummary {
  return {
    clientId: profile.clientId,
    salutation: profile.salutation,
    firstName: profile.firstName,
    lastName: profile.lastName,
    email: profile.email,
    phone: profile.phone,
    city: profile.city,
    postalCode: profile.postalCode,
    country: profile.country,
    status: profile.status,
    noEmail: profile.noEmail,
    emailStatus: profile.emailStatus,
    hasRedFlag: Boolean(profile.redFlag),
    hasTrainerNote: profile.hasTrainerNote,
  };
}
