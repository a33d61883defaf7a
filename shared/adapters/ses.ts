import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, StandardRetryToken } from '@smithy/types';
import { env } from '../../infra/wiring';
import type { MailFailureOutcome, MailSender } from '../kernel/ports';
import { awsClient } from './aws-clients';

/** Attempts per mail when SES throttles: the first call and two retries. */
export const sesMaxAttempts = 3;

/**
 * The SDK's standard retry strategy (exponential backoff with jitter, from 1 s for throttling),
 * allowed to retry only what proves SES refused the mail: a throttling answer (HTTP 429,
 * TooManyRequestsException). `SendEmail` is not idempotent: a time-out, a dropped connection or a
 * 5xx may come after SES accepted the mail, and a retry would send it twice; those are never
 * retried, and the sender decides what to do with the message (its `mailOutcome` is `unknown`).
 */
export class ThrottlingOnlyRetryStrategy extends StandardRetryStrategy {
  override async refreshRetryTokenForRetry(
    token: StandardRetryToken,
    errorInfo: RetryErrorInfo,
  ): Promise<StandardRetryToken> {
    // Refusing the token makes the SDK throw the call's own error.
    if (!isThrottling(errorInfo.error)) throw new Error('SES may have accepted the mail: not retried');
    return super.refreshRetryTokenForRetry(token, errorInfo);
  }
}

/** SES answers that mean "too fast, try later": the mail was not accepted. */
const throttlingCodes = new Set(['TooManyRequestsException', 'Throttling', 'ThrottlingException']);

function isThrottling(error: unknown): boolean {
  const { name, status } = errorFacts(error);
  return (
    status !== undefined && status >= 400 && status < 500 && (status === 429 || throttlingCodes.has(name))
  );
}

/** SES answers that mean it will never accept this mail as it is: sending it again is pointless. */
const rejectedCodes = new Set([
  'MessageRejected',
  'BadRequestException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException',
]);

/**
 * What a failed `SendEmail` says about the mail (the contract of `MailFailureOutcome`):
 * - `rejected`: SES answered that it will never take it as it is;
 * - `refused`: SES answered with any other 4xx (throttling, daily quota, sending paused, account
 *   suspended, access denied…): the request was not processed, sending later is safe; and a
 *   connection that was refused outright (nothing was sent);
 * - `unknown`: everything else: 5xx, time-outs, connections dropped once open, an answer without a
 *   MessageId. SES may have accepted the mail.
 */
export function sesFailureOutcome(error: unknown): MailFailureOutcome {
  const { name, status, code } = errorFacts(error);
  if (status !== undefined && status >= 400 && status < 500) {
    return rejectedCodes.has(name) ? 'rejected' : 'refused';
  }
  if (status === undefined && code === 'ECONNREFUSED') return 'refused';
  return 'unknown';
}

function errorFacts(error: unknown): { name: string; status: number | undefined; code: unknown } {
  const shaped = (error ?? {}) as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } };
  return { name: String(shaped.name ?? ''), status: shaped.$metadata?.httpStatusCode, code: shaped.code };
}

/** The SES v2 client of a container, retrying only throttling (see ThrottlingOnlyRetryStrategy). */
export function sesClient(vars: NodeJS.ProcessEnv, overrides: Partial<SESv2ClientConfig> = {}): SESv2Client {
  return awsClient(SESv2Client, 'ses', vars, {
    maxAttempts: sesMaxAttempts,
    retryStrategy: new ThrottlingOnlyRetryStrategy(sesMaxAttempts),
    ...overrides,
  });
}

/** The SES sender the stacks configure (region, endpoint, configuration set from `vars`). */
export function createMailSender(vars: NodeJS.ProcessEnv = process.env): MailSender {
  return sesMailSender(sesClient(vars), vars[env.sesConfigurationSet]);
}

/**
 * The MailSender port over SES v2, tagging each mail (the tags come back in SES's delivery, bounce
 * and complaint events) and naming the configuration set whose event destination publishes them.
 * A failure carries its `mailOutcome` (shared/kernel/ports.ts).
 */
export function sesMailSender(ses: SESv2Client, configurationSet: string | undefined): MailSender {
  return {
    async send(mail) {
      let messageId: string | undefined;
      try {
        const result = await ses.send(
          new SendEmailCommand({
            FromEmailAddress: encodedDisplayName(mail.from),
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
                // SES v2 simple content carries attachments itself (it builds the MIME parts);
                // the SDK base64-encodes the bytes.
                ...(mail.attachments?.length
                  ? {
                      Attachments: mail.attachments.map((attachment) => ({
                        FileName: attachment.filename,
                        ContentType: attachment.contentType,
                        ContentDisposition: 'ATTACHMENT' as const,
                        ContentTransferEncoding: 'BASE64' as const,
                        RawContent: attachment.content,
                      })),
                    }
                  : {}),
              },
            },
          }),
        );
        messageId = result.MessageId;
      } catch (error) {
        throw withOutcome(error, sesFailureOutcome(error));
      }
      if (!messageId) {
        throw withOutcome(new Error('SES answered without a MessageId'), 'unknown');
      }
      return { providerMessageId: messageId };
    },
  };
}

function withOutcome(error: unknown, mailOutcome: MailFailureOutcome): Error {
  const failure = error instanceof Error ? error : new Error(String(error), { cause: error });
  return Object.assign(failure, { mailOutcome });
}

/**
 * SES takes a display name ("École Parvis <noreply@…>") only in ASCII: a name with other
 * characters must be an RFC 2047 encoded word, or SES refuses the mail. Plain ASCII forms pass
 * unchanged, so the address is exactly what the configuration says.
 */
export function encodedDisplayName(from: string): string {
  const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^<>]+)>\s*$/.exec(from);
  if (!match) return from;
  const name = match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/^[\x00-\x7f]*$/.test(name)) return from;
  return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${match[3]}>`;
}

/** SES tag values allow only letters, digits, `_`, `-`, `.` and `@`, up to 256 characters. */
function sesTagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);
}
