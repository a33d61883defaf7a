import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../infra/wiring';
import { mailFailureOutcome } from '../kernel/ports';
import { encodedDisplayName, sesClient, sesMailSender } from './ses';

/**
 * The SES adapter against a scripted stand-in for SES on loopback: each request gets the next
 * scripted answer and is recorded, so each test sees exactly how many calls reached "SES".
 * `SendEmail` is not idempotent: only a throttling answer may be followed by another call.
 */
type Answer =
  | { status: number; error?: string; body?: unknown }
  /** Drop the connection once the whole request has arrived, without answering. */
  | { hangUp: true }
  /** Never answer. */
  | { silent: true };

let server: Server;
let endpoint: string;
let answers: Answer[] = [];
const received: { url: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ url: request.url ?? '', body: JSON.parse(body || '{}') });
      const answer = answers.shift() ?? { status: 200 };
      if ('hangUp' in answer) {
        request.socket.destroy();
        return;
      }
      if ('silent' in answer) return;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (answer.error) headers['x-amzn-errortype'] = answer.error;
      response.writeHead(answer.status, headers);
      response.end(
        JSON.stringify(
          answer.body ??
            (answer.error
              ? { message: `${answer.error} (scripted)` }
              : { MessageId: `ses-${received.length}` }),
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  answers = [];
  received.length = 0;
});

const vars = () => ({
  AWS_REGION: 'ca-central-1',
  AWS_ACCESS_KEY_ID: 'parvislocal',
  AWS_SECRET_ACCESS_KEY: 'parvislocal',
  [env.endpoint('ses')]: endpoint,
});

const mail = {
  from: 'Parvis <noreply@parvis.example>',
  to: 'lea@example.org',
  replyTo: 'accueil@parvis.example',
  subject: 'Bienvenue',
  html: '<p>Bonjour</p>',
  text: 'Bonjour',
  tags: { messageId: '01J0MSG', kind: 'service mail' },
};

/** The error `send` rejects with (the test fails if it resolves). */
async function failure(sender: ReturnType<typeof sesMailSender>): Promise<unknown> {
  return sender.send(mail).then(
    () => {
      throw new Error('the send was expected to fail');
    },
    (error: unknown) => error,
  );
}

describe('SES adapter: a mail SES may have accepted is never sent again (COM-04)', () => {
  it('COM-04 sends the tags (messageId) and the configuration set with the mail', async () => {
    const sender = sesMailSender(sesClient(vars()), 'parvis-local');
    const { providerMessageId } = await sender.send(mail);
    expect(providerMessageId).toBe('ses-1');
    expect(received).toHaveLength(1);
    expect(received[0]?.url).toBe('/v2/email/outbound-emails');
    expect(received[0]?.body).toMatchObject({
      FromEmailAddress: mail.from,
      Destination: { ToAddresses: [mail.to] },
      ReplyToAddresses: [mail.replyTo],
      ConfigurationSetName: 'parvis-local',
      EmailTags: [
        { Name: 'messageId', Value: '01J0MSG' },
        // SES allows only [A-Za-z0-9_.@-] in tag values.
        { Name: 'kind', Value: 'service_mail' },
      ],
      Content: { Simple: { Subject: { Data: 'Bienvenue' } } },
    });
  });

  it('TIX-10 sends attachments as SES v2 simple-content attachments, base64 of the exact bytes', async () => {
    const sender = sesMailSender(sesClient(vars()), 'parvis-local');
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0d, 0x0a, 0x80]);
    await sender.send({
      ...mail,
      attachments: [
        { filename: 'Reçu 1042.pdf', contentType: 'application/pdf', content: pdf },
        { filename: 'billets.pdf', contentType: 'application/pdf', content: new Uint8Array([1, 2, 3]) },
      ],
    });
    expect(received[0]?.body).toMatchObject({
      Content: {
        Simple: {
          Attachments: [
            {
              FileName: 'Reçu 1042.pdf',
              ContentType: 'application/pdf',
              ContentDisposition: 'ATTACHMENT',
              ContentTransferEncoding: 'BASE64',
              RawContent: Buffer.from(pdf).toString('base64'),
            },
            { FileName: 'billets.pdf', RawContent: 'AQID' },
          ],
        },
      },
    });
    await sender.send(mail);
    expect(received[1]?.body.Content).not.toHaveProperty('Simple.Attachments');
  });

  it('COM-04 encodes a display name outside ASCII as RFC 2047, as SES requires; ASCII forms pass unchanged', async () => {
    const sender = sesMailSender(sesClient(vars()), 'parvis-local');
    await sender.send({ ...mail, from: 'École Parvis <noreply@parvis.example>' });
    expect(received[0]?.body.FromEmailAddress).toBe(
      '=?UTF-8?B?w4ljb2xlIFBhcnZpcw==?= <noreply@parvis.example>',
    );
    expect(encodedDisplayName('"Théâtre, billetterie" <b@parvis.example>')).toBe(
      `=?UTF-8?B?${Buffer.from('Théâtre, billetterie').toString('base64')}?= <b@parvis.example>`,
    );
    for (const plain of [
      'noreply@parvis.example',
      'Parvis <noreply@parvis.example>',
      '"Parvis, billets" <b@p.example>',
    ]) {
      expect(encodedDisplayName(plain)).toBe(plain);
    }
  });

  it('COM-04 retries a throttled send: 429 then 200 is one accepted mail, at most three requests', async () => {
    answers = [{ status: 429, error: 'TooManyRequestsException' }, { status: 200 }];
    const sender = sesMailSender(sesClient(vars()), 'parvis-local');
    const { providerMessageId } = await sender.send(mail);
    expect(providerMessageId).toBe('ses-2');
    expect(received).toHaveLength(2);
    expect(received.length).toBeLessThanOrEqual(3);
  });

  it('COM-04 gives up after three throttled attempts; the mail is refused, safe to send later', async () => {
    answers = [
      { status: 429, error: 'TooManyRequestsException' },
      { status: 429, error: 'TooManyRequestsException' },
      { status: 429, error: 'TooManyRequestsException' },
      { status: 200 },
    ];
    const error = await failure(sesMailSender(sesClient(vars()), undefined));
    expect(mailFailureOutcome(error)).toBe('refused');
    expect(received).toHaveLength(3);
  });

  it('COM-04 never retries a 5xx: one request, outcome unknown', async () => {
    answers = [{ status: 500, error: 'InternalFailure' }, { status: 200 }];
    const error = await failure(sesMailSender(sesClient(vars()), undefined));
    expect(mailFailureOutcome(error)).toBe('unknown');
    expect(received).toHaveLength(1);
  });

  it('COM-04 never retries a connection dropped after the request arrived: one request, outcome unknown', async () => {
    answers = [{ hangUp: true }, { status: 200 }];
    const error = await failure(sesMailSender(sesClient(vars()), undefined));
    expect(mailFailureOutcome(error)).toBe('unknown');
    expect(received).toHaveLength(1);
  });

  it('COM-04 never retries a time-out: one request, outcome unknown', async () => {
    answers = [{ silent: true }, { status: 200 }];
    const ses = sesClient(vars(), {
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 300, throwOnRequestTimeout: true },
    });
    const error = await failure(sesMailSender(ses, undefined));
    expect(mailFailureOutcome(error)).toBe('unknown');
    expect(received).toHaveLength(1);
  });

  it('COM-04 a message SES rejects is rejected, not retried', async () => {
    answers = [{ status: 400, error: 'MessageRejected' }, { status: 200 }];
    const error = await failure(sesMailSender(sesClient(vars()), undefined));
    expect(mailFailureOutcome(error)).toBe('rejected');
    expect((error as Error).name).toBe('MessageRejected');
    expect(received).toHaveLength(1);
  });

  it.each([
    ['SendingPausedException', 400],
    ['AccountSuspendedException', 400],
    ['LimitExceededException', 400],
  ])('COM-04 %s is refused (SES did not take the mail) and not retried', async (code, status) => {
    answers = [{ status, error: code }, { status: 200 }];
    const error = await failure(sesMailSender(sesClient(vars()), undefined));
    expect(mailFailureOutcome(error)).toBe('refused');
    expect(received).toHaveLength(1);
  });

  it('COM-04 an answer without a MessageId leaves the outcome unknown', async () => {
    answers = [{ status: 200, body: {} }];
    const error = await failure(sesMailSender(sesClient(vars()), undefined));
    expect(mailFailureOutcome(error)).toBe('unknown');
    expect(received).toHaveLength(1);
  });

  it('COM-04 a connection refused outright sent nothing: refused', async () => {
    // A port that was just free: nothing listens on it.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const ses = sesClient({ ...vars(), [env.endpoint('ses')]: `http://127.0.0.1:${port}` });
    const error = await failure(sesMailSender(ses, undefined));
    expect(mailFailureOutcome(error)).toBe('refused');
  });
});
