import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractOfSample } from './contracts';
import { outboundEmailMessage } from './outbound-email';
import { sesNotificationMessage } from './ses-notification';

const dir = join(import.meta.dirname, 'samples');
const samples = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('event contracts', () => {
  it.each(samples)('COM-08 sample %s parses with its schema', (file) => {
    const body = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const result = contractOfSample(file).safeParse(body);
    expect(result.error).toBeUndefined();
  });

  it('COM-08 reads the SES bounce inside the SNS envelope', () => {
    const body = JSON.parse(readFileSync(join(dir, 'ses-notifications.bounce-permanent.json'), 'utf8'));
    const parsed = sesNotificationMessage.parse(body);
    expect(parsed.notification.type).toBe('Bounce');
    expect(parsed.notification.bounce?.bounceType).toBe('Permanent');
    expect(parsed.notification.bounce?.bouncedRecipients[0]?.emailAddress).toBe(
      'bounce@simulator.amazonses.com',
    );
  });

  it('COM-04 reads the message id the sender tagged on an SES Send event', () => {
    const body = JSON.parse(readFileSync(join(dir, 'ses-notifications.send.json'), 'utf8'));
    const parsed = sesNotificationMessage.parse(body);
    expect(parsed.notification.type).toBe('Send');
    expect(parsed.notification.mail.tags?.messageId).toEqual(['01KSAMPLE0SEND000000000001']);
  });

  it('COM-08 rejects an envelope whose Message is not SES JSON', () => {
    const body = JSON.parse(readFileSync(join(dir, 'ses-notifications.complaint.json'), 'utf8'));
    expect(sesNotificationMessage.safeParse({ ...body, Message: '<html>' }).success).toBe(false);
    expect(sesNotificationMessage.safeParse({ ...body, Message: '{"mail":{}}' }).success).toBe(false);
    expect(outboundEmailMessage.safeParse({ v: 2, messageId: 'x' }).success).toBe(false);
  });
});
