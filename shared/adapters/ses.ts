import type { MailSender } from '../kernel/ports';
import type { AwsClient } from './aws/request';

/** The MailSender port over SES v2, tagging each mail with the configuration set's event destination. */
export function sesMailSender(aws: AwsClient, configurationSet: string | undefined): MailSender {
  return {
    async send(mail) {
      const result = await aws.call<{ MessageId?: string }>({
        service: 'ses',
        path: '/v2/email/outbound-emails',
        body: {
          FromEmailAddress: mail.from,
          Destination: { ToAddresses: [mail.to] },
          ReplyToAddresses: mail.replyTo ? [mail.replyTo] : undefined,
          ConfigurationSetName: configurationSet,
          EmailTags: Object.entries(mail.tags ?? {}).map(([Name, Value]) => ({
            Name,
            Value: sesTagValue(Value),
          })),
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Html: { Data: mail.html, Charset: 'UTF-8' },
                Text: { Data: mail.text, Charset: 'UTF-8' },
              },
            },
          },
        },
      });
      if (!result.MessageId) throw new Error('SES accepted the mail without returning a MessageId');
      return { providerMessageId: result.MessageId };
    },
  };
}

/** SES tag values allow only letters, digits, `_`, `-`, `.` and `@`, up to 256 characters. */
function sesTagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);
}
