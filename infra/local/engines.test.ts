import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from './dynamodb-local';
import { EngineStartError } from './engine-error';
import { startEngines } from './engines';
import { freePort, loopback, portInUse } from './ports';

const held: Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Occupies a port the way a forgotten server would. */
async function occupy(): Promise<number> {
  const server = createServer();
  held.push(server);
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Processes (of any kind) whose command line asks for this port, e.g. a DynamoDB Local left behind. */
function processesWithPort(port: number): string[] {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .flatMap((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        const at = args.indexOf('-port');
        return at >= 0 && args[at + 1] === String(port) ? [args.join(' ')] : [];
      } catch {
        return [];
      }
    });
}

function oneSentence(message: string) {
  expect(message).not.toContain('\n');
  expect(message.match(/\.(\s|$)/g)).toHaveLength(1);
  expect(message.endsWith('.')).toBe(true);
}

describe('startEngines', () => {
  it('refuses a port in use with one sentence saying which port and how to free or change it', async () => {
    const busy = await occupy();
    const dynamodb = await freePort();
    const fauxqs = await freePort();

    const error = await startEngines({ ports: { dynamodb, fauxqs, ses: busy } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EngineStartError);
    const message = (error as Error).message;
    oneSentence(message);
    expect(message).toContain(`Port ${busy}`);
    expect(message).toContain('PARVIS_PORT_SES');
    expect(message).toContain(`ss -ltnp 'sport = :${busy}'`);
    expect(await portInUse(dynamodb)).toBe(false);
    expect(await portInUse(fauxqs)).toBe(false);
    expect(processesWithPort(dynamodb)).toEqual([]);
  });

  it('stops the engines already started when another one fails (here: no Java)', async () => {
    const [dynamodb, fauxqs, ses] = [await freePort(), await freePort(), await freePort()];

    const error = await startEngines({
      ports: { dynamodb, fauxqs, ses },
      java: '/nonexistent/bin/java',
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EngineStartError);
    oneSentence((error as Error).message);
    expect((error as Error).message).toContain('apt-get install default-jre-headless');
    expect(await portInUse(fauxqs)).toBe(false);
    expect(await portInUse(ses)).toBe(false);
    expect(processesWithPort(dynamodb)).toEqual([]);
  });

  it('reports a port taken between the check and the bind by DynamoDB Local itself', async () => {
    const busy = await occupy();

    const error = await startDynamoDbLocal({ port: busy, timeoutMs: 15_000 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EngineStartError);
    expect((error as Error).message).toContain('PARVIS_PORT_DYNAMODB');
    expect(processesWithPort(busy)).toEqual([]);
  });
});
