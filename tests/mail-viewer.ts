/**
 * Reading the SES twin's mail viewer (aws-ses-v2-local), and waiting for a condition: shared by the
 * Vitest files (tests/twin.ts) and the browser tests (web/tests/support), so nothing here imports a
 * test runner.
 */

/** A mail the SES twin received, flattened from its /store format (aws-ses-v2-local). */
export interface SentMail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  text?: string;
  html?: string;
  /**
   * Files sent with the mail: name, type, size in bytes, and `content` as the twin keeps it
   * (base64); `attachmentBytes` gives the bytes back, to compare or to render (pdftoppm).
   */
  attachments: MailAttachment[];
  headers: { name: string; value: string }[];
  /** When the twin received it. */
  at: Date;
}

/** One attachment as the SES twin stored it. */
export interface MailAttachment {
  /** The file's bytes, base64-encoded. */
  content: string;
  contentType: string;
  filename?: string;
  /** Decoded size in bytes. */
  size: number;
}

/** The bytes of an attachment the SES twin received. */
export function attachmentBytes(attachment: Pick<MailAttachment, 'content'>): Uint8Array {
  return new Uint8Array(Buffer.from(attachment.content, 'base64'));
}

/** The attachments of a mail as `{ filename, contentType, size, bytes }`, in the order they were sent. */
export function attachmentsOf(
  mail: Pick<SentMail, 'attachments'>,
): { filename: string; contentType: string; size: number; bytes: Uint8Array }[] {
  return mail.attachments.map((attachment) => ({
    filename: attachment.filename ?? '',
    contentType: attachment.contentType,
    size: attachment.size,
    bytes: attachmentBytes(attachment),
  }));
}

/** The shape of one mail in aws-ses-v2-local's GET /store. */
interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: SentMail['attachments'];
  headers?: SentMail['headers'];
  at: number;
}

/**
 * The mails the SES twin received, oldest first. Every test file shares the one SES twin, so filter
 * on a recipient unique to your test rather than clearing the store.
 */
export async function readSentMail(filter: {
  to?: string;
  since?: Date;
  endpoint: string;
}): Promise<SentMail[]> {
  const query = filter.since ? `?since=${Math.floor(filter.since.getTime() / 1000)}` : '';
  const response = await fetch(`${filter.endpoint}/store${query}`);
  const { emails } = (await response.json()) as { emails: StoredMail[] };
  const mails = emails.map(
    (mail): SentMail => ({
      messageId: mail.messageId,
      from: mail.from,
      to: mail.destination.to,
      cc: mail.destination.cc,
      bcc: mail.destination.bcc,
      replyTo: mail.replyTo,
      subject: mail.subject,
      text: mail.body.text,
      html: mail.body.html,
      attachments: mail.attachments ?? [],
      headers: mail.headers ?? [],
      at: new Date(mail.at * 1000),
    }),
  );
  return filter.to ? mails.filter((mail) => mail.to.includes(filter.to as string)) : mails;
}

/** Polls `probe` until it returns a truthy value, which it resolves with; rejects after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `waitFor: condition not met within ${timeoutMs} ms${last ? ` (last error: ${last})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
