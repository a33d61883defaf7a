import { statSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors';
import {
  OrdersForbiddenError,
  PaymentAccountInactiveError,
  PaymentAccountUnreadableError,
} from '../orders/errors';
import { type OrdersBed, ordersBed, organizerA, organizerB, staff } from '../orders/orders.test-support';
import {
  activatePaymentAccount,
  activePaymentAccount,
  listPaymentAccounts,
  savePaymentAccount,
  suspendPaymentAccount,
} from './payment-accounts';

let env: OrdersBed;

beforeAll(async () => {
  env = await ordersBed('payment-accounts');
});
afterAll(async () => {
  await env?.stop();
});

const stripeKeys = {
  provider: 'stripe' as const,
  secretKey: 'sk_live_51PvSecretValueDoNotLeak4242',
  webhookSecret: 'whsec_SigningSecretDoNotLeak9999',
};

async function partition(pk: string) {
  const { Items } = await env.bed.raw.send(
    new QueryCommand({
      TableName: env.bed.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

describe('payment accounts', () => {
  it('TIX-01 an organizer saves its Stripe keys: stored in the secret store, masked in the table, pending until staff activate it', async () => {
    const saved = await savePaymentAccount(env.deps, {
      actor: organizerA,
      orgId: organizerA.orgId,
      keys: stripeKeys,
    });
    expect(saved).toMatchObject({ provider: 'stripe', status: 'pending', maskedKey: 'sk_live_…4242' });
    await expect(activePaymentAccount(env.deps, organizerA.orgId, 'stripe')).rejects.toBeInstanceOf(
      PaymentAccountInactiveError,
    );
    await expect(
      activatePaymentAccount(env.deps, { actor: organizerA, orgId: organizerA.orgId, provider: 'stripe' }),
    ).rejects.toBeInstanceOf(OrdersForbiddenError);
    await activatePaymentAccount(env.deps, { actor: staff, orgId: organizerA.orgId, provider: 'stripe' });
    expect(await activePaymentAccount(env.deps, organizerA.orgId, 'stripe')).toEqual(stripeKeys);

    // Secrets never in the table, a log line, or the file store's permissions beyond its owner.
    const items = JSON.stringify(await partition(`ORG#${organizerA.orgId}`));
    expect(items).toContain('sk_live_…4242');
    expect(items).not.toContain(stripeKeys.secretKey);
    expect(items).not.toContain(stripeKeys.webhookSecret);
    expect(JSON.stringify(env.logs)).not.toContain('DoNotLeak');
    expect(statSync(env.secretsDir).mode & 0o077).toBe(0);

    // New keys from the organizer need staff again; suspended accounts take no new checkout.
    await savePaymentAccount(env.deps, { actor: organizerA, orgId: organizerA.orgId, keys: stripeKeys });
    await expect(activePaymentAccount(env.deps, organizerA.orgId, 'stripe')).rejects.toBeInstanceOf(
      PaymentAccountInactiveError,
    );
    await activatePaymentAccount(env.deps, { actor: staff, orgId: organizerA.orgId, provider: 'stripe' });
    await suspendPaymentAccount(env.deps, { actor: staff, orgId: organizerA.orgId, provider: 'stripe' });
    const refusal = await activePaymentAccount(env.deps, organizerA.orgId, 'stripe').catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(PaymentAccountInactiveError);
    expect((refusal as PaymentAccountInactiveError).userMessage.fr).toContain('activé par l’équipe Parvis');
    expect(
      await activePaymentAccount(env.deps, organizerA.orgId, 'stripe', { allowSuspended: true }),
    ).toEqual(stripeKeys);
  });

  it('TIX-01 key shapes are checked (sk_/rk_, whsec_; PayPal client, webhook id, payee), with messages in both languages', async () => {
    const refused = await savePaymentAccount(env.deps, {
      actor: organizerA,
      orgId: organizerA.orgId,
      keys: { provider: 'stripe', secretKey: 'pk_live_publishable', webhookSecret: 'secret' },
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'secretKey',
      'webhookSecret',
    ]);
    expect((refused as ValidationError).userMessage.en).toContain('starts with “sk_” or “rk_”');
    const paypal = await savePaymentAccount(env.deps, {
      actor: organizerA,
      orgId: organizerA.orgId,
      keys: {
        provider: 'paypal',
        clientId: 'x',
        clientSecret: '',
        webhookId: '',
        payeeEmail: 'pas-un-courriel',
      },
    }).catch((error: unknown) => error);
    expect((paypal as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'clientId',
      'webhookId',
      'payeeEmail',
    ]);
    const restricted = await savePaymentAccount(env.deps, {
      actor: organizerA,
      orgId: organizerA.orgId,
      keys: {
        provider: 'paypal',
        clientId: 'AbCdEf123456',
        clientSecret: 'EFgh-secret-999',
        webhookId: 'WH-1',
        payeeEmail: 'Caisse@Theatre.example.org',
      },
    });
    expect(restricted).toMatchObject({ maskedKey: 'AbC…3456', payeeEmail: 'caisse@theatre.example.org' });
  });

  it('ROLE-06 another organization’s organizer can neither see nor change an organization’s accounts; staff see any', async () => {
    await savePaymentAccount(env.deps, { actor: organizerB, orgId: organizerB.orgId, keys: stripeKeys });
    await expect(
      listPaymentAccounts(env.deps, { actor: organizerA, orgId: organizerB.orgId }),
    ).rejects.toBeInstanceOf(OrdersForbiddenError);
    await expect(
      savePaymentAccount(env.deps, { actor: organizerA, orgId: organizerB.orgId, keys: stripeKeys }),
    ).rejects.toBeInstanceOf(OrdersForbiddenError);
    const own = await listPaymentAccounts(env.deps, { actor: organizerB });
    expect(own.map((account) => [account.orgId, account.provider, account.status])).toEqual([
      [organizerB.orgId, 'stripe', 'pending'],
    ]);
    expect(JSON.stringify(own)).not.toContain('DoNotLeak');
    expect(await listPaymentAccounts(env.deps, { actor: staff, orgId: organizerB.orgId })).toHaveLength(1);
  });

  it('TIX-01 a secret that cannot be read is a clear error that quotes nothing of it', async () => {
    const orgId = 'ORG-BROKEN';
    const actor = { userId: 'U-B', orgId, staff: false };
    await savePaymentAccount(env.deps, { actor, orgId, keys: stripeKeys });
    await activatePaymentAccount(env.deps, { actor: staff, orgId, provider: 'stripe' });
    const broken = {
      ...env.deps,
      paymentSecrets: { put: async () => {}, get: async () => '{"secretKey":"sk_live_DoNotLeak' },
    };
    const error = await activePaymentAccount(broken, orgId, 'stripe').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PaymentAccountUnreadableError);
    expect(String((error as Error).message) + String((error as Error).cause)).not.toContain('DoNotLeak');
  });

  it('TIX-01 PLAT-02 the publishable key is kept masked; each activation and suspension is audited with the status, in one transaction; an unknown account changes nothing', async () => {
    const orgId = 'ORG-AUDITED';
    const actor = { userId: 'U-AUD', orgId, staff: false };
    const saved = await savePaymentAccount(env.deps, {
      actor,
      orgId,
      keys: { ...stripeKeys, publishableKey: 'pk_live_51PublishableValue7777' },
    });
    expect(saved.maskedPublishableKey).toBe('pk_live_…7777');
    const badPublishable = await savePaymentAccount(env.deps, {
      actor,
      orgId,
      keys: { ...stripeKeys, publishableKey: 'sk_live_notPublishable1234' },
    }).catch((caught: unknown) => caught);
    expect(badPublishable).toBeInstanceOf(ValidationError);
    expect((badPublishable as ValidationError).issues.map((issue) => issue.path)).toEqual(['publishableKey']);

    await activatePaymentAccount(env.deps, { actor: staff, orgId, provider: 'stripe' });
    await suspendPaymentAccount(env.deps, { actor: staff, orgId, provider: 'stripe' });
    const audit = await partition(`AUDIT#ORG#${orgId}`);
    expect(audit.map((entry) => [entry.action, entry.actorUserId, entry.refs?.provider])).toEqual([
      ['payment.activate', staff.userId, 'stripe'],
      ['payment.suspend', staff.userId, 'stripe'],
    ]);
    // No account: refused as not found, and no audit entry is written for it.
    await expect(
      activatePaymentAccount(env.deps, { actor: staff, orgId: 'ORG-NONE', provider: 'paypal' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await partition('AUDIT#ORG#ORG-NONE')).toEqual([]);
    const items = await partition(`ORG#${orgId}`);
    expect(JSON.stringify(items)).not.toContain('DoNotLeak');
    expect(JSON.stringify(items)).not.toContain('PublishableValue');
  });
});
