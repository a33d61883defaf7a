/**
 * Payment accounts (TIX-01, ORG-09): the organization portal's « Paiements » page, where an
 * organizer enters its own Stripe keys and/or PayPal merchant, and the staff console's page where
 * staff activate or suspend them. Thin over shared/payments/payment-accounts.ts. The keys go to the
 * secret store (Secrets Manager on AWS, the twin's 0600 files locally: `paymentSecretsFromEnv`);
 * the pages only ever see what the account item holds — a masked key, the payee, the status. A
 * secret typed into a form is never sent back into a field, even when the form is refused, and is
 * never part of a failure's data (so never of a page's HTML or of a log line).
 */
import { error, type RequestEvent, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireOrganization, requireStaff } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { formFailure, pageFailure } from '$lib/server/form';
import { paymentSecretsFromEnv } from '$shared/adapters/payment-secrets';
import { listOrganizations } from '$shared/identity/members';
import { platformOrgId } from '$shared/identity/membership';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { type OrdersKey, ordersMessage } from '$shared/orders/errors';
import {
  activatePaymentAccount,
  listPaymentAccounts,
  type PaymentAccountView,
  type PaymentSecrets,
  paymentProviderNames,
  savePaymentAccount,
  suspendPaymentAccount,
} from '$shared/payments/payment-accounts';
import type { PaymentProviderName } from '$shared/payments/payment-provider';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

// biome-ignore lint/suspicious/noExplicitAny: the pages' own RequestEvent types differ by route.
type Event = RequestEvent<any, any>;

let secrets: PaymentSecrets | undefined;

/** The store of the organizations' keys, built once per server (container). */
function paymentSecrets(): PaymentSecrets {
  secrets ??= paymentSecretsFromEnv(process.env);
  return secrets;
}

/** Where each provider must send its webhooks: the site's own `/webhooks/<provider>` (decision 0017 §7). */
export function webhookUrls(siteUrl: string): Record<PaymentProviderName, string> {
  const base = siteUrl.replace(/\/+$/, '');
  return { stripe: `${base}/webhooks/stripe`, paypal: `${base}/webhooks/paypal` };
}

const isProvider = (value: unknown): value is PaymentProviderName =>
  paymentProviderNames.includes(value as PaymentProviderName);

// --- The organization's page ---

/** The fields each form has; the secret ones are never echoed back. */
const stripeFields = ['publishableKey', 'secretKey', 'webhookSecret'] as const;
const paypalFields = ['clientId', 'clientSecret', 'webhookId', 'payeeEmail', 'payeeMerchantId'] as const;
const secretFields = new Set(['secretKey', 'webhookSecret', 'clientSecret']);

const doneNotices = ['stripe', 'paypal'] as const;

/** « Paiements »: the session's organization's accounts, masked, with the webhook addresses. */
export async function loadPayments(event: Event) {
  const { orgId, principal } = requireOrganization(event);
  const deps = serverDeps();
  const accounts = await listPaymentAccounts(deps, {
    actor: { userId: principal.userId, orgId, staff: principal.staff },
    orgId,
  });
  const byProvider = Object.fromEntries(accounts.map((account) => [account.provider, account])) as Partial<
    Record<PaymentProviderName, PaymentAccountView>
  >;
  const done = event.url.searchParams.get('fait');
  return {
    stripe: byProvider.stripe ?? null,
    paypal: byProvider.paypal ?? null,
    webhooks: webhookUrls(deps.config.siteUrl),
    notice: doneNotices.find((notice) => notice === done),
  };
}

/** A refused save: each field at fault with its rule's sentence; only the public fields typed come back. */
function refusal(cause: unknown, locale: Locale, form: PaymentProviderName, typed: Record<string, string>) {
  const values = Object.fromEntries(Object.entries(typed).filter(([name]) => !secretFields.has(name)));
  if (
    cause instanceof ValidationError &&
    cause.issues.every((issue) => issue.message.startsWith('orders.'))
  ) {
    const fields: Record<string, string> = {};
    for (const issue of cause.issues)
      fields[issue.path] ??= ordersMessage(issue.message as OrdersKey)[locale];
    const messages = Object.values(fields);
    const first = messages.length === 1 ? (messages[0] ?? '') : t(locale, 'form.errorSummary.fields');
    return pageFailure(400, 'validation_failed', `${first} ${t(locale, 'tixSetup.pay.secretsRetype')}`, {
      form,
      values,
      fields,
    });
  }
  return formFailure(cause, locale, { form, values });
}

/** « Enregistrer les clés Stripe » / « Enregistrer le compte PayPal ». */
export async function savePaymentForm(event: Event, provider: PaymentProviderName) {
  const { orgId, principal } = requireOrganization(event);
  const { locale } = event.locals;
  const data = await event.request.formData();
  const names = provider === 'stripe' ? stripeFields : paypalFields;
  const typed = Object.fromEntries(
    names.map((name) => {
      const value = data.get(name);
      return [name, typeof value === 'string' ? value.slice(0, 1000) : ''];
    }),
  );
  const keys =
    provider === 'stripe'
      ? {
          provider,
          publishableKey: typed.publishableKey ?? '',
          secretKey: typed.secretKey ?? '',
          webhookSecret: typed.webhookSecret ?? '',
        }
      : {
          provider,
          clientId: typed.clientId ?? '',
          clientSecret: typed.clientSecret ?? '',
          webhookId: typed.webhookId ?? '',
          payeeEmail: typed.payeeEmail ?? '',
          payeeMerchantId: typed.payeeMerchantId ?? '',
        };
  let saved: PaymentAccountView;
  try {
    saved = await savePaymentAccount(
      { ...serverDeps(), paymentSecrets: paymentSecrets() },
      { actor: { userId: principal.userId, orgId, staff: principal.staff }, orgId, keys },
    );
  } catch (cause) {
    return refusal(cause, locale, provider, typed);
  }
  redirect(303, `${paths.organizationPayments(locale)}?fait=${saved.provider}`);
}

// --- The staff console's page ---

export interface ConsoleAccountRow extends PaymentAccountView {
  orgName: string;
}

const order = { pending: 0, suspended: 1, active: 2 } as const;

/** Every organization's accounts: one Query per organization, a few at a time (no Scan). */
export async function loadConsolePayments(event: Event) {
  const principal = requireStaff(event);
  const deps = serverDeps();
  const organizations = await listOrganizations(deps);
  const actor = { userId: principal.userId, orgId: platformOrgId, staff: true };
  const rows: ConsoleAccountRow[] = [];
  const batch = 16;
  for (let start = 0; start < organizations.length; start += batch) {
    const slice = organizations.slice(start, start + batch);
    const found = await Promise.all(
      slice.map(async (org) =>
        (await listPaymentAccounts(deps, { actor, orgId: org.orgId })).map((account) => ({
          ...account,
          orgName: org.name,
        })),
      ),
    );
    rows.push(...found.flat());
  }
  rows.sort(
    (a, b) =>
      order[a.status] - order[b.status] ||
      a.orgName.localeCompare(b.orgName, 'fr') ||
      a.provider.localeCompare(b.provider),
  );
  const done = event.url.searchParams.get('fait');
  const doneOrg = event.url.searchParams.get('organisme');
  const doneProvider = event.url.searchParams.get('fournisseur');
  const changed = rows.find((row) => row.orgId === doneOrg && row.provider === doneProvider);
  return {
    accounts: rows,
    notice:
      changed && (done === 'active' || done === 'suspended')
        ? { status: done as 'active' | 'suspended', orgName: changed.orgName, provider: changed.provider }
        : undefined,
  };
}

/** « Activer » / « Suspendre »: staff only, written with its audit entry. */
export async function setAccountStatusForm(event: Event, to: 'active' | 'suspended') {
  const principal = requireStaff(event);
  const { locale } = event.locals;
  const data = await event.request.formData();
  const orgId = String(data.get('orgId') ?? '');
  const provider = data.get('provider');
  if (!isProvider(provider)) error(400, t(locale, 'error.request.body'));
  const actor = { userId: principal.userId, orgId: platformOrgId, staff: true };
  try {
    await (to === 'active' ? activatePaymentAccount : suspendPaymentAccount)(serverDeps(), {
      actor,
      orgId,
      provider,
    });
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      return formFailure(
        cause instanceof NotFoundError ? cause : new NotFoundError(ordersMessage('orders.paymentAccount')),
        locale,
        {
          form: 'status',
        },
      );
    }
    return formFailure(cause, locale, { form: 'status' });
  }
  redirect(
    303,
    `${paths.consolePayments(locale)}?fait=${to}&organisme=${encodeURIComponent(orgId)}&fournisseur=${provider}`,
  );
}
