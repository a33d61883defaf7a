import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishRaw, sentMail, useTwin, waitFor } from '../../tests/twin';
import { createDeps } from '../adapters/create-deps';
import type { Deps } from '../deps';
import { createClientByStaff } from './create-client-by-staff';
import { signUpForm, uniqueEmail } from './crm.test-support';

/**
 * The client file with the real e-mail pipeline of the twin (outbox → SQS → send-email → SES twin;
 * SES feedback → SNS envelope → record-ses-notification), as deployed functions run it.
 */
let deps: Deps;

beforeAll(() => {
  deps = createDeps(useTwin(), { test: 'client-email-pipeline' });
});

describe('client e-mails through the pipeline', () => {
  it('CRM-01 COM-08 a staff-created file’s invitation reaches the client; its bounce marks the file (CRM-05)', async () => {
    const email = uniqueEmail('pipeline');
    const { password: _password, ...form } = signUpForm({ email });
    const created = await createClientByStaff(deps, { ...form, actorUserId: 'staff-1' });
    if (created.outcome !== 'created') throw new Error(created.outcome);
    const mail = await waitFor(async () => (await sentMail({ to: email }))[0], 30_000);
    expect(mail.subject).toBeTruthy();
    expect(mail.text).toContain('Chère Marie-Ève');
    expect(mail.text).toContain('/fr/compte/activer?jeton=');

    const message = await waitFor(
      async () =>
        (await deps.db.comms.entities.outboundMessage.get({ messageId: created.messageId ?? '' }).go()).data
          ?.sesMessageId,
      30_000,
    );
    const at = new Date().toISOString();
    await publishRaw(
      'sesNotifications',
      JSON.stringify({
        Type: 'Notification',
        MessageId: ulid(),
        TopicArn: 'arn:aws:sns:ca-central-1:000000000000:ses-events',
        Timestamp: at,
        Message: JSON.stringify({
          eventType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [{ emailAddress: email, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
            timestamp: at,
            feedbackId: ulid(),
          },
          mail: {
            timestamp: at,
            messageId: message,
            destination: [email],
            tags: { template: ['client.invitation'], kind: ['service'], messageId: [created.messageId] },
          },
        }),
      }),
    );
    const profile = await waitFor(async () => {
      const found = (await deps.db.crm.entities.clientProfile.get({ clientId: created.clientId }).go()).data;
      return found?.emailStatus === 'bounced' ? found : undefined;
    }, 30_000);
    expect(profile.emailStatusDetail).toContain('550 5.1.1');
  });
});
