/**
 * What the erasure tests share (CRM-07): a private table with a fixed clock, the twin's S3, files
 * signed up through the real use case, and the items of issues not built yet (invoices,
 * registrations, orders) built raw, with the keys and attributes data-model §5 gives them (each
 * test file writes them with its own PutCommand: only test files may import the SDK).
 */
import { ulid } from 'ulid';
import { expect } from 'vitest';
import { useTwin } from '../../tests/twin';
import { s3FileStore } from '../adapters/s3-files';
import type { FileStore } from '../kernel/ports';
import { type CrmBed, crmBed, signUpForm } from './crm.test-support';
import type { EraseDeps } from './erase-client';
import { signUpClient } from './sign-up-client';

export interface ErasureBed extends CrmBed {
  /** The CRM deps with the S3 port, as the web server builds them. */
  erase: EraseDeps;
  files: FileStore;
}

export async function erasureBed(prefix: string, start?: string): Promise<ErasureBed> {
  const t = await crmBed(prefix, start);
  const files = s3FileStore(useTwin());
  return {
    ...t,
    files,
    erase: { ...t.deps, files },
  };
}

/** Signs a person up through the real use case; their file, account and ids. */
export async function signUp(t: CrmBed, overrides: Record<string, unknown> = {}) {
  const form = signUpForm(overrides);
  await signUpClient(t.deps, form);
  const email = form.email.trim().toLowerCase();
  const guard = (await t.deps.db.identity.entities.emailGuard.get({ email }).go({ consistent: true })).data;
  const clientId = guard?.clientId ?? '';
  const userId = guard?.userId ?? '';
  expect(clientId).not.toBe('');
  return { form, email, clientId, userId };
}

/** A school invoice (`CLIENT#<c>` · `INVOICE#<id>`), with what is still owed. */
export const invoiceItem = (clientId: string, balanceCents: number) => ({
  pk: `CLIENT#${clientId}`,
  sk: `INVOICE#${ulid()}`,
  balanceCents,
  totalCents: 45_000,
  currency: 'CAD',
  __edb_e__: 'invoice',
  __edb_v__: '1',
});

/** A registration row (`CLIENT#<c>` · `REG#<id>`), dated or "À PLANIFIER". */
export const registrationItem = (clientId: string, status: string, startsAt?: string) => ({
  pk: `CLIENT#${clientId}`,
  sk: `REG#${ulid()}`,
  status,
  ...(startsAt ? { startsAt, workshopId: ulid() } : {}),
  __edb_e__: 'registration',
  __edb_v__: '1',
});

/** An order head (`ORDER#<id>` · `ORDER`) listed under the buyer on g4, and one line of it. */
export function orderItems(clientId: string, status: string, placedAt = '2026-10-01T12:00:00.000Z') {
  const orderId = ulid();
  return [
    {
      pk: `ORDER#${orderId}`,
      sk: 'ORDER',
      status,
      gsi4pk: `CLIENT#${clientId}`,
      gsi4sk: `ORDER#${placedAt}#${orderId}`,
      __edb_e__: 'order',
      __edb_v__: '1',
    },
    { pk: `ORDER#${orderId}`, sk: 'LINE#1', clientId, __edb_e__: 'orderLine', __edb_v__: '1' },
  ];
}

/** The audit entries about a file (ids only). */
export async function auditOf(t: CrmBed, clientId: string) {
  const { data } = await t.deps.db.identity.entities.auditEntry.query
    .byTarget({ targetType: 'CLIENT', targetId: clientId })
    .go({ consistent: true });
  return data;
}
