import { ulid } from 'ulid';
import { startTwin } from '../../infra/local/twin';
import { env } from '../../infra/wiring';
import { createDeps } from '../../shared/adapters/create-deps';
import { commitWithEmails } from '../../shared/comms/queue-email';
import type { Figure } from '../figure';

const messages = 200;

/**
 * Twin start-up (engines + resources + runner, in memory) and the e-mail pipeline's end-to-end
 * throughput: service e-mails from their outbox commit (transactions of 25) to the SES twin's
 * store: SQS (fauxqs) → the runner's event source mapping → send-email → SES twin → send log.
 *
 * The runner runs each concurrent invocation in its own container, a worker thread with its own
 * module state that loads the deployed bundle, as Lambda does: up to the outbound-email source's
 * maxConcurrency (4) batches of 10 at once, and the 4 share this machine's two cores with the
 * engines. So the first 200 pay for starting those containers (a Lambda init each, all at once on
 * two cores): that figure is printed for reference, with the containers' median init, and the
 * budgeted throughput is the next 200, through warm containers. Each container's pacer takes its
 * share (1/4) of the mail policy's rate, raised here to 1000/s so the figure measures the machinery
 * (queue, containers, DynamoDB, SES twin), not the pacing. It is the twin's throughput, not a
 * prediction of AWS's, where SES's send rate governs.
 */
export async function measure(): Promise<Figure[]> {
  const twin = await startTwin({
    timers: false,
    log: false,
    env: {
      [env.logLevel]: 'warn',
      [env.mailPolicy]: JSON.stringify({ ratePerSecond: { service: 1000, mass: 1000 } }),
    },
  });
  try {
    const deps = createDeps(twin.env, { component: 'bench' });
    const throughput = async (): Promise<number> => {
      const run = ulid().toLowerCase();
      const started = performance.now();
      for (let i = 0; i < messages; i += 25) {
        await commitWithEmails(deps, {
          emails: Array.from({ length: Math.min(25, messages - i) }, (_, j) => ({
            templateId: 'client.invitation' as const,
            locale: 'fr' as const,
            to: `bench+${run}-${i + j}@example.org`,
            data: { firstName: 'Banc', activationUrl: 'https://parvis.example/fr' },
          })),
        });
      }
      await waitForMail(twin.endpoints.ses, run, messages, 120_000);
      return messages / ((performance.now() - started) / 1000);
    };
    const cold = await throughput();
    const inits = twin.runner
      .invocations()
      .flatMap((invocation) => (invocation.initMs === undefined ? [] : [invocation.initMs]))
      .sort((a, b) => a - b);
    const warm = await throughput();
    return [
      { name: 'twin start-up', value: twin.startMs, unit: 'ms', budget: 10_000 },
      { name: 'e-mail pipeline throughput', value: warm, unit: 'messages/s', budget: 20, kind: 'min' },
      {
        name: 'e-mail pipeline throughput with containers starting',
        value: cold,
        unit: 'messages/s',
        budget: 'reference',
      },
      {
        name: `send-email container init, median of ${inits.length}`,
        value: inits[Math.floor(inits.length / 2)] ?? Number.NaN,
        unit: 'ms',
        budget: 'reference',
      },
    ];
  } finally {
    await twin.stop();
  }
}

async function waitForMail(
  sesEndpoint: string,
  run: string,
  count: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const store = (await (await fetch(`${sesEndpoint}/store`)).json()) as {
      emails: { destination: { to: string[] } }[];
    };
    const seen = store.emails.filter((mail) => mail.destination.to.some((to) => to.includes(run))).length;
    if (seen >= count) return;
    if (Date.now() > deadline)
      throw new Error(`only ${seen} of ${count} e-mails arrived within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
