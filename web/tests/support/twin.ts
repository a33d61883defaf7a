import { ulid } from 'ulid';
import { createDeps } from '../../../shared/adapters/create-deps';
import type { Deps } from '../../../shared/deps';
import { createAccount, rolesOf, startSession } from '../../../shared/identity/log-in';
import { platformOrgId } from '../../../shared/identity/membership';
import type { Session } from '../../../shared/identity/session';
import { readSentMail, type SentMail } from '../../../tests/mail-viewer';
import { type E2eTwin, e2e } from './e2e';

export { waitFor } from '../../../tests/mail-viewer';

/** The twin global-setup.ts started for this run. */
export function e2eTwin(): E2eTwin {
  const raw = process.env[e2e.variable];
  if (!raw)
    throw new Error('The browser tests run through `npm run test:web` (global setup starts the twin).');
  return JSON.parse(raw) as E2eTwin;
}

let deps: Deps | undefined;

/** The use cases' dependencies over the same table as the web server, for arranging data. */
export function twinDeps(): Deps {
  deps ??= createDeps(e2eTwin().env);
  return deps;
}

export function mailTo(to: string, since?: Date): Promise<SentMail[]> {
  return readSentMail({ to, since, endpoint: e2eTwin().endpoints.ses });
}

/**
 * A full session for an existing active account, as a log-in would make it (its roles are the
 * given ones, else its memberships; its client file is the given one, else the account's), and
 * the cookie value that carries it.
 */
export async function sessionFor(
  userId: string,
  options: { roles?: Session['roles']; clientId?: string } = {},
): Promise<string> {
  const deps = twinDeps();
  const account = (await deps.db.identity.entities.account.get({ userId }).go({ consistent: true })).data;
  if (account?.status !== 'active') throw new Error(`account ${userId} is not active`);
  const { token } = await startSession(deps, {
    account: options.clientId ? { ...account, clientId: options.clientId } : account,
    roles: options.roles ?? (await rolesOf(deps, userId)),
    stage: 'full',
    idleSeconds: 3600,
    absoluteSeconds: 7200,
  });
  return token;
}

/** A new staff member (an account with the platform's `staff` membership) and their session. */
export async function staffSession(tag = 'staff'): Promise<{ userId: string; token: string }> {
  const deps = twinDeps();
  const email = `${tag}+${ulid().toLowerCase()}@example.org`;
  const { userId } = await createAccount(deps, { email, password: 'correct horse battery staple' });
  await deps.db.identity.entities.membership
    .create({
      userId,
      orgId: platformOrgId,
      role: 'staff',
      grantedAt: new Date().toISOString(),
      grantedBy: 'spec',
    })
    .go();
  return { userId, token: await sessionFor(userId, { roles: [{ orgId: platformOrgId, role: 'staff' }] }) };
}

/**
 * An image of `orgId` already cropped (calendar 3:4, sheet 16:9), as the image pipeline leaves it
 * before its renditions are made: pages show their placeholder. Returns its id.
 */
export async function croppedImage(orgId: string): Promise<string> {
  const { image, crop } = twinDeps().db.calendar.entities;
  const imageId = `IMG-${ulid()}`;
  const at = new Date().toISOString();
  await image
    .put({
      imageId,
      orgId,
      objectKey: `images/${orgId}/${imageId}`,
      status: 'cropped',
      width: 1600,
      height: 1200,
      bytes: 400_000,
      createdAt: at,
    })
    .go();
  for (const [kind, width, height] of [
    ['calendar', 900, 1200],
    ['sheet', 1600, 900],
  ] as const) {
    await crop.put({ imageId, orgId, kind, left: 0, top: 0, width, height, createdAt: at }).go();
  }
  return imageId;
}
