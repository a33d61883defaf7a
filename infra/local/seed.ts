import { createDeps } from '../../shared/adapters/create-deps';
import { commitWithEmails } from '../../shared/comms/queue-email';
import { markHandledOnce } from '../../shared/db/dedupe';

/** Bump when the demo data changes, so existing data folders receive the new demo once. */
const demoVersion = 'demo-v1';

export const demoClient = {
  firstName: 'Marie',
  lastName: 'Tremblay',
  email: 'marie.tremblay@example.org',
} as const;

/**
 * Demo data for `npm start`, written once per data folder (a marker records it), through the same
 * use cases the product uses: the demo client's invitation goes through the outbox, the queue, the
 * sender and the SES twin, so the mail viewer shows it a moment after start-up.
 */
export async function seedDemoData(vars: Record<string, string>): Promise<string[]> {
  const deps = createDeps({ ...process.env, ...vars }, { component: 'seed' });
  const first = await markHandledOnce(deps.db.comms, {
    scope: 'seed',
    key: demoVersion,
    now: deps.clock.now(),
    keepDays: 36_500,
  });
  if (!first) {
    return [`Demo data already present (${demoVersion}); delete .data/ to start afresh.`];
  }
  try {
    await commitWithEmails(deps, {
      emails: [
        {
          templateId: 'client.invitation',
          locale: 'fr',
          to: demoClient.email,
          data: {
            firstName: demoClient.firstName,
            salutation: 'f',
            activationUrl: `${deps.config.siteUrl}/fr`,
          },
        },
      ],
    });
  } catch (error) {
    // Let the next start try again rather than leave a folder marked as seeded without its data.
    await deps.db.comms.entities.dedupeMarker.delete({ scope: 'seed', key: demoVersion }).go();
    throw error;
  }
  return [`Demo data written (${demoVersion}): invitation e-mail queued for ${demoClient.email}.`];
}
