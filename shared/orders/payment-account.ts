import { Entity, type EntityItem } from 'electrodb';

/**
 * An organization's payment account (TIX-01, ORG-09): `ORG#<orgId>` · `PAYACCT#<provider>`. Only
 * what may be shown: the status (staff activate it), a masked key, the PayPal payee, and the name
 * of the secret that holds the keys (Secrets Manager on AWS) — never a secret itself.
 */
export const paymentAccountStatuses = ['pending', 'active', 'suspended'] as const;
export type PaymentAccountStatus = (typeof paymentAccountStatuses)[number];

export const paymentAccountEntity = () =>
  new Entity(
    {
      model: { entity: 'paymentAccount', version: '1', service: 'parvis' },
      attributes: {
        orgId: { type: 'string', required: true, readOnly: true },
        provider: { type: ['stripe', 'paypal'] as const, required: true, readOnly: true },
        status: { type: paymentAccountStatuses, required: true },
        /** `sk_live_…4242`, `AbC…xyZ`: enough to recognise the key, useless to use it. */
        maskedKey: { type: 'string', required: true },
        /** Stripe: the publishable key `pk_live_…1234`, when given. */
        maskedPublishableKey: { type: 'string' },
        /** PayPal: the merchant's e-mail address or id (who receives the money). */
        payeeEmail: { type: 'string' },
        payeeMerchantId: { type: 'string' },
        secretName: { type: 'string', required: true },
        /** Changes with every saved secret: the readers' cache key. */
        secretVersion: { type: 'string', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
        activatedAt: { type: 'string' },
        activatedBy: { type: 'string' },
        suspendedAt: { type: 'string' },
      },
      indexes: {
        byOrg: {
          pk: { field: 'pk', composite: ['orgId'], template: 'ORG#${orgId}', casing: 'none' },
          sk: { field: 'sk', composite: ['provider'], template: 'PAYACCT#${provider}', casing: 'none' },
        },
      },
    },
    {},
  );

export type PaymentAccountItem = EntityItem<ReturnType<typeof paymentAccountEntity>>;
