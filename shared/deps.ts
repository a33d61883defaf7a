import type { SendingPolicy } from './comms/sending-policy';
import type { Databases } from './db/databases';
import type { Clock, IdGenerator, Logger, MailSender, QueuePublisher } from './kernel/ports';
import type { PaymentSecrets } from './payments/payment-accounts';
import type { PaymentProvider, PaymentProviderName } from './payments/payment-provider';

/**
 * Everything a use case may touch, built once per container (functions) or per server (web) by
 * shared/adapters/create-deps.ts, and by tests with fixed clocks and ids. Use cases take the
 * subset they need (`Pick<Deps, …>`) so their dependencies read at a glance.
 */
export interface Deps {
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  db: Databases;
  queues: QueuePublisher;
  config: {
    /** Public origin of the site, for links in e-mails. */
    siteUrl: string;
    /** Default From of every e-mail, e.g. `Parvis <noreply@example.org>`. */
    mailFrom: string;
    mailPolicy: SendingPolicy;
  };
}

/**
 * What only the sender of e-mails has besides `Deps`: SES. The web server and the other functions
 * queue e-mails and never call SES, so they do not load its client (86 KB of every bundle, parsed
 * at every cold start): `createDeps` does not build it, the send-email function adds it
 * (functions/queue/send-email.ts).
 */
export interface MailDeps {
  mail: MailSender;
}

/**
 * What only checkout, the payment webhook and refunds need besides `Deps`: the provider adapters
 * (Stripe and PayPal SDKs, built once per container) and the store of the organizations' keys.
 * Kept out of `Deps` so no other function loads the payment SDKs (shared/adapters/payment-deps.ts).
 */
export interface PaymentDeps {
  payments(provider: PaymentProviderName): PaymentProvider;
  paymentSecrets: PaymentSecrets;
}
