import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { localClientConfig } from '../../infra/local/local-aws';
import { ensureTable } from '../../infra/local/provision';
import { startTwin } from '../../infra/local/twin';
import { env } from '../../infra/wiring';
import { createDeps } from '../../shared/adapters/create-deps';
import { type FakeClient, seedClients } from '../../shared/crm/client.fixtures';
import { type SearchClientsInput, searchClients } from '../../shared/crm/search-clients';
import type { Figure } from '../figure';
import { measureRequests, ms, quantile } from '../latency';

/** Issue #11: a staff search answers within p95 50 ms over 50,000 files. */
const searchP95Budget = 50;
const files = 50_000;
const warmUp = 40;
const searches = 400;

type Kind = SearchClientsInput['by'];

/**
 * A search staff would type for the file at `index`: the first letters of a last name (or a whole
 * name with its first name), an address, a phone number as people write it, or the start of a
 * postal code. Deterministic, so two runs ask the same things.
 */
function searchFor(client: FakeClient, index: number): SearchClientsInput {
  const { country, postalCode } = client.address;
  switch (index % 8) {
    case 0:
    case 1:
      return { by: 'name', lastName: client.lastName.slice(0, 4) };
    case 2:
      return { by: 'name', lastName: client.lastName, firstName: client.firstName };
    case 3:
    case 4:
      if (client.email) return { by: 'email', email: client.email.toUpperCase() };
      return { by: 'name', lastName: client.lastName };
    case 5: {
      if (!client.phone) return { by: 'postal', postalCode: postalCode.slice(0, 3) };
      // As typed: `418 555-0142`, `06 39 98 12 34`.
      const national = country === 'CA' ? client.phone.slice(2) : `0${client.phone.slice(3)}`;
      const typed =
        country === 'CA'
          ? `${national.slice(0, 3)} ${national.slice(3, 6)}-${national.slice(6)}`
          : national.replace(/(\d{2})(?=\d)/g, '$1 ');
      return { by: 'phone', phone: typed, country };
    }
    case 6:
      return { by: 'postal', postalCode: postalCode.slice(0, 3) };
    default:
      return { by: 'postal', postalCode: country === 'CA' ? postalCode.slice(0, 5) : postalCode };
  }
}

/**
 * Staff search for client files (shared/crm/search-clients.ts) over 50,000 files written with
 * `seedClients` (batch writes) into a table of their own in an in-memory twin. Searches run one at
 * a time, as a staff member types them: a mix of name prefixes (3 in 8), e-mail addresses (2 in 8),
 * phone numbers (1 in 8) and postal code prefixes (2 in 8), each for a file drawn across the whole
 * set. The p95 is budgeted; the median, each kind's p95 and the seeding time are printed for
 * reference. Every e-mail search must find its file, and every search a file: a figure over empty
 * answers would prove nothing.
 */
export async function measure(): Promise<Figure[]> {
  const twin = await startTwin({ timers: false, log: false, env: { [env.logLevel]: 'warn' } });
  try {
    const tableName = `bench-clients-${ulid().toLowerCase()}`;
    const dynamo = new DynamoDBClient(localClientConfig(twin.env[env.endpoint('dynamodb')] ?? ''));
    try {
      await ensureTable(dynamo, tableName);
    } finally {
      dynamo.destroy();
    }
    const deps = createDeps({ ...twin.env, [env.tableName]: tableName }, { component: 'bench' });

    const seedStart = performance.now();
    const { clients, clientIds } = await seedClients(deps, { count: files, concurrent: 4 });
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const pick = (index: number) => (index * 7919 + 13) % files;
    const byKind = new Map<Kind, number[]>();
    const run = async (index: number) => {
      const at = pick(index);
      const client = clients[at] as FakeClient;
      const input = searchFor(client, index);
      const started = performance.now();
      const page = await searchClients(deps, input);
      const took = performance.now() - started;
      if (page.items.length === 0) throw new Error(`no file found for ${JSON.stringify(input)}`);
      if (input.by === 'email' && page.items[0]?.clientId !== clientIds[at]) {
        throw new Error(`the e-mail search for ${input.email} did not find its file`);
      }
      if (index >= warmUp) byKind.set(input.by, [...(byKind.get(input.by) ?? []), took]);
    };
    await measureRequests(warmUp, 1, run);
    const all = await measureRequests(searches, 1, (index) => run(warmUp + index));

    const figures: Figure[] = [
      {
        name: `client search p95 over ${files.toLocaleString('en')} files`,
        value: ms(quantile(all, 0.95)),
        unit: 'ms',
        budget: searchP95Budget,
      },
      { name: 'client search median', value: ms(quantile(all, 0.5)), unit: 'ms', budget: 'reference' },
    ];
    for (const [kind, durations] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
      figures.push({
        name: `client search p95 by ${kind} (${durations.length})`,
        value: ms(quantile(durations, 0.95)),
        unit: 'ms',
        budget: 'reference',
      });
    }
    figures.push({
      name: `seeding ${files.toLocaleString('en')} client files (batch writes)`,
      value: Math.round(seedSeconds * 10) / 10,
      unit: 's',
      budget: 'reference',
    });
    return figures;
  } finally {
    await twin.stop();
  }
}
