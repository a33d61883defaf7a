import { ulid } from 'ulid';
import { startTwin } from '../../infra/local/twin';
import { env } from '../../infra/wiring';
import { createDeps } from '../../shared/adapters/create-deps';
import { commitWithEmails } from '../../shared/comms/queue-email';
import type { Figure } from '../figure';

const messages = 200;

/**
 * Twin start-up (engines + resources + runner, in memory) and the e-mail pipeline's end-to-end
 * throughput: outbox commit → SQS → send-email in the local runner → SES twin → send log. The
 * SES rate in the mail policy is raised so the figure measures the machinery, not the pacing.
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
    const seconds = (performance.now() - started) / 1000;
    return [
      { name: 'twin start-up', value: twin.startMs, unit: 'ms', budget: 10_000 },
      {
        name: 'e-mail pipeline throughput',
        value: messages / seconds,
        unit: 'messages/s',
        budget: 20,
        kind: 'min',
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
