import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { getClientFileForStaff } from '../../shared/crm/get-client-file';
import { searchClients } from '../../shared/crm/search-clients';
import type { Deps } from '../../shared/deps';
import { InvalidCredentialsError, logIn } from '../../shared/identity/log-in';
import { listMembers, listOrganizations } from '../../shared/identity/members';
import { platformOrgId } from '../../shared/identity/membership';
import { completeSecondFactor } from '../../shared/identity/second-factor';
import { fixedClock } from '../../shared/kernel/ports';
import { type PrivateTestBed, privateTestBed, twin, useTwin } from '../../tests/twin';
import { env } from '../wiring';
import {
  demoClient,
  demoClientCount,
  demoOrganizations,
  demoPassword,
  demoStaff,
  demoTotpCode,
  demoTrainers,
  seedDemo,
  seedDemoData,
} from './seed';

/**
 * The demo data of `npm start` (infra/local/seed.ts) in private tables of the shared twin: what it
 * holds, that every demo log-in works (staff only with their second factor), and that a seed run
 * again or interrupted half-way ends with the same data, never twice.
 */
const clock = fixedClock('2026-11-24T15:00:00.000Z');

interface Bed {
  bed: PrivateTestBed;
  deps: Deps;
  /** Message ids the seed put on the e-mail queues (nothing reads them: the runner never sees them). */
  published: string[];
}

async function demoBed(prefix: string): Promise<Bed> {
  const bed = await privateTestBed(prefix, clock);
  const published: string[] = [];
  const deps: Deps = {
    ...bed.deps,
    queues: {
      publish: async (queue, messages) => {
        // The e-mails' messages; the search file's rebuild requests (CAL-10) carry no message id.
        if (queue === 'publicIndexes') return;
        for (const message of messages) published.push((message as { messageId: string }).messageId);
      },
    },
  };
  return { bed, deps, published };
}

const clientProfiles = async (deps: Deps) =>
  (await deps.db.crm.entities.clientProfile.scan.go({ pages: 'all' })).data;
const consentRecords = async (deps: Deps) =>
  (await deps.db.crm.entities.consentRecord.scan.go({ pages: 'all' })).data;
const notes = async (deps: Deps) => (await deps.db.crm.entities.clientNote.scan.go({ pages: 'all' })).data;

/** Everything the demo counts, to compare two runs. */
async function census(deps: Deps) {
  const organizations = await listOrganizations(deps);
  const members = await Promise.all(
    [platformOrgId, ...organizations.map((organization) => organization.orgId)].map((orgId) =>
      listMembers(deps, { orgId }),
    ),
  );
  return {
    organizations: organizations.map((organization) => organization.name).sort(),
    members: members
      .flat()
      .map((member) => `${member.email} ${member.role} ${member.status}`)
      .sort(),
    clients: (await clientProfiles(deps)).length,
    consentRecords: (await consentRecords(deps)).length,
    notes: (await notes(deps)).length,
  };
}

let demo: Bed;

beforeAll(async () => {
  useTwin();
  demo = await demoBed('seed');
  const started = Date.now();
  await seedDemo(demo.deps);
  console.info(`demo seed: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 180_000);

describe('demo data for npm start (infra/local/seed.ts)', () => {
  it('ROLE-04 ROLE-05 ORG-01 ORG-08 2 staff, 2 trainers, 3 organizations each with its « Organisme », one chat moderator, all active', async () => {
    const platform = await listMembers(demo.deps, { orgId: platformOrgId });
    expect(platform.map((member) => [member.email, member.role, member.status]).sort()).toEqual(
      [
        ...demoStaff.map((person) => [person.email, 'staff', 'active']),
        ...demoTrainers.map((person) => [person.email, 'trainer', 'active']),
      ].sort(),
    );
    const organizations = await listOrganizations(demo.deps);
    expect(organizations.map((organization) => organization.name).sort()).toEqual(
      demoOrganizations.map((organization) => organization.name).sort(),
    );
    const roles = await Promise.all(
      organizations.map(async (organization) =>
        (await listMembers(demo.deps, { orgId: organization.orgId })).map((m) => `${m.role} ${m.status}`),
      ),
    );
    expect(roles.map((list) => list.filter((role) => role === 'organisme active'))).toEqual([
      ['organisme active'],
      ['organisme active'],
      ['organisme active'],
    ]);
    expect(roles.flat().filter((role) => role === 'moderator active')).toHaveLength(1);
    // Each member's invitation went through the outbox (links since replaced by the activation).
    const recipients = await Promise.all(
      demo.published.map(
        async (messageId) =>
          (await demo.deps.db.comms.entities.outboundMessage.get({ messageId }).go()).data?.to,
      ),
    );
    const members = [
      ...demoStaff,
      ...demoTrainers,
      ...demoOrganizations.flatMap((o): { email: string }[] =>
        'moderator' in o ? [o.organisme, o.moderator] : [o.organisme],
      ),
    ];
    expect(recipients).toEqual(
      expect.arrayContaining([
        ...members.map((person) => person.email),
        demoClient.email,
        'jean.gagnon@example.com',
      ]),
    );
  });

  it('CRM-01 CRM-04 CRM-05 CRM-08 CRM-11 100 client files in Québec and France, with consent, notes, a phone-only file and a bounce', async () => {
    const profiles = await clientProfiles(demo.deps);
    expect(profiles).toHaveLength(demoClientCount);
    const countries = new Set(profiles.map((profile) => profile.country));
    expect(countries).toEqual(new Set(['CA', 'FR']));
    expect(profiles.filter((profile) => profile.noEmail).length).toBeGreaterThan(0);
    expect(profiles.filter((profile) => profile.redFlag)).toHaveLength(1);
    expect(profiles.filter((profile) => profile.hasTrainerNote)).toHaveLength(1);
    expect(profiles.filter((profile) => profile.emailStatus === 'bounced')).toHaveLength(1);
    const records = await consentRecords(demo.deps);
    expect(records.length).toBeGreaterThan(50);
    expect(new Set(records.map((record) => record.method))).toEqual(
      new Set(['portal', 'paper', 'staff', 'phone', 'email']),
    );

    // Found the way staff look for them.
    const phoneOnly = (await searchClients(demo.deps, { by: 'phone', phone: '418 555-0199' })).items.find(
      (summary) => summary.lastName === 'Bérubé',
    );
    const phoneFile = await getClientFileForStaff(demo.deps, { clientId: phoneOnly?.clientId ?? '' });
    expect(phoneFile.profile).toMatchObject({ noEmail: true, consent: { phone: { value: 'granted' } } });
    expect(phoneFile.consent).toMatchObject([{ channel: 'phone', value: 'granted', method: 'phone' }]);
    const [marie] = (await searchClients(demo.deps, { by: 'email', email: demoClient.email })).items;
    const marieFile = await getClientFileForStaff(demo.deps, { clientId: marie?.clientId ?? '' });
    expect(marieFile.profile).toMatchObject({ consent: { email: { value: 'granted' } } });
    expect(marieFile.consent.map((entry) => entry.method)).toEqual(['portal', 'portal']);
    expect(marieFile.profile.userId).toBeTruthy();
    const [fortin] = (await searchClients(demo.deps, { by: 'name', lastName: 'Fortin', firstName: 'Lucie' }))
      .items;
    const fortinFile = await getClientFileForStaff(demo.deps, { clientId: fortin?.clientId ?? '' });
    expect(fortinFile.profile.redFlag).toMatch(/Solde impayé/);
    expect(fortinFile.notes).toMatchObject([{ kind: 'accounting' }]);
  });

  it('ROLE-02 ROLE-03 ROLE-04 every demo log-in works with the demo password, and only with it', async () => {
    const expected = [
      ...demoTrainers.map((person) => ({ email: person.email, role: 'trainer' })),
      ...demoOrganizations.map((o) => ({ email: o.organisme.email, role: 'organisme' })),
      ...demoOrganizations.flatMap((o) =>
        'moderator' in o ? [{ email: o.moderator.email, role: 'moderator' }] : [],
      ),
    ];
    for (const { email, role } of expected) {
      const loggedIn = await logIn(demo.deps, { email, password: demoPassword, address: `test-${ulid()}` });
      expect(loggedIn.session.stage).toBe('full');
      expect(loggedIn.session.roles.map((entry) => entry.role)).toEqual([role]);
    }
    const client = await logIn(demo.deps, {
      email: demoClient.email,
      password: demoPassword,
      address: `test-${ulid()}`,
    });
    expect(client.session).toMatchObject({ stage: 'full', roles: [] });
    expect(client.session.clientId).toBeTruthy();
    await expect(
      logIn(demo.deps, { email: demoClient.email, password: 'parvis-demo-2025', address: `test-${ulid()}` }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('ROLE-05 staff log in with the demo password, then need the code of their README secret', async () => {
    clock.advance(60_000); // the enrollment used the current step: a code works once
    for (const person of demoStaff) {
      const pending = await logIn(demo.deps, {
        email: person.email,
        password: demoPassword,
        address: `test-${ulid()}`,
      });
      expect(pending.session.stage).toBe('second-factor');
      await expect(
        completeSecondFactor(demo.deps, { token: pending.token, code: '000000' }),
      ).rejects.toMatchObject({ code: 'invalid_code' });
      const full = await completeSecondFactor(demo.deps, {
        token: pending.token,
        code: demoTotpCode(person.totpSecret, clock.now()),
      });
      expect(full.session).toMatchObject({ stage: 'full', roles: [{ orgId: platformOrgId, role: 'staff' }] });
    }
  });

  it('a seed run again finds everything there and adds nothing', async () => {
    const before = await census(demo.deps);
    const again = await seedDemo(demo.deps);
    expect(again).toMatchObject({ clients: demoClientCount, createdClients: 0 });
    expect(await census(demo.deps)).toEqual(before);
  }, 120_000);

  it('a seed interrupted half-way completes at the next run, without duplicates', async () => {
    const crashed = await demoBed('seed-crash');
    let ids = 0;
    // The id generator fails once the client files have begun: a crash in the middle of the seed.
    const failing: Deps = {
      ...crashed.deps,
      ids: () => {
        if (++ids > 60) throw new Error('simulated crash');
        return ulid();
      },
    };
    await expect(seedDemo(failing)).rejects.toThrow('simulated crash');
    const half = (await clientProfiles(crashed.deps)).length;
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(demoClientCount);

    await seedDemo(crashed.deps);
    const after = await census(crashed.deps);
    expect(after.clients).toBe(demoClientCount);
    expect(after.organizations).toHaveLength(demoOrganizations.length);
    expect(after.members).toEqual((await census(demo.deps)).members);
    const emails = (await clientProfiles(crashed.deps)).flatMap((profile) => profile.email ?? []);
    expect(new Set(emails).size).toBe(emails.length);
  }, 180_000);

  it('npm start seeds a data folder once: the marker is written when the demo is complete', async () => {
    const vars = { ...twin().env, [env.tableName]: demo.bed.tableName };
    const overrides = { clock, queues: demo.deps.queues, log: demo.deps.log };
    const first = await seedDemoData(vars, overrides);
    expect(first[0]).toMatch(/^Demo data written \(demo-v2\)/);
    expect(await seedDemoData(vars, overrides)).toEqual([
      'Demo data already present (demo-v2); delete .data/ to start afresh.',
    ]);
  }, 120_000);
});
