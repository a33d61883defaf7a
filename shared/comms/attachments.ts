import * as z from 'zod/mini';
import type { FileStore } from '../kernel/ports';

/**
 * E-mail attachments (decision 0018): the outbox item names objects the documents bucket already
 * holds (the PDFs the order-documents consumer wrote), never their bytes, since a DynamoDB item is
 * at most 400 KB. The sender reads them just before the SES call.
 */

/** The bucket attachments are read from (infra/wiring.ts `buckets`). */
export const attachmentBucket = 'documents' as const;

/** Key prefixes an attachment may live under: only documents made for an order. */
export const attachmentPrefixes = ['orders/'] as const;

/** Content types SES will carry for us: PDF receipts and tickets, nothing a mail client runs. */
export const attachmentContentTypes = ['application/pdf'] as const;

export const maxAttachments = 10;
export const maxFilenameLength = 120;
const maxKeyLength = 512;

/**
 * SES v2 refuses a message above 40 MB, counted after base64 encoding, headers and bodies
 * included. Attachments are base64 in 76-character lines (4 bytes for 3, plus CRLF per line).
 */
export const sesMaxMessageBytes = 40 * 1024 * 1024;
/** Room kept for the MIME headers and boundaries around the parts. */
const mimeOverheadBytes = 64 * 1024;

/** Bytes a part of `size` raw bytes takes once base64-encoded in 76-character lines. */
export function encodedSize(size: number): number {
  const base64 = Math.ceil(size / 3) * 4;
  return base64 + Math.ceil(base64 / 76) * 2;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export const emailAttachmentSchema = z.object({
  key: z.string().check(
    z.maxLength(maxKeyLength, `attachment key longer than ${maxKeyLength} characters`),
    z.refine((key) => attachmentPrefixes.some((prefix) => key.startsWith(prefix)), {
      message: `attachment key must start with ${attachmentPrefixes.join(' or ')}`,
    }),
    z.refine((key) => !key.includes('..') && !key.includes('//') && !key.endsWith('/'), {
      message: 'attachment key must name one object: no "..", no empty segment',
    }),
    z.refine((key) => /^[A-Za-z0-9/_.=+-]+$/.test(key), {
      message: 'attachment key may hold only letters, digits and / _ . = + -',
    }),
  ),
  filename: z.string().check(
    z.minLength(5, 'attachment file name too short'),
    z.maxLength(maxFilenameLength, `attachment file name longer than ${maxFilenameLength} characters`),
    z.refine((name) => !controlCharacters.test(name), {
      message: 'attachment file name must not contain control characters',
    }),
    z.refine((name) => !/[/\\]/.test(name) && !name.startsWith('.'), {
      message: 'attachment file name must be a bare name, without a path',
    }),
    z.refine((name) => name.trim() === name, {
      message: 'attachment file name must not start or end with a space',
    }),
    z.refine((name) => /\.pdf$/i.test(name), { message: 'attachment file name must end with .pdf' }),
  ),
  contentType: z.enum(attachmentContentTypes, `attachment type must be ${attachmentContentTypes.join(', ')}`),
});

export type EmailAttachment = z.infer<typeof emailAttachmentSchema>;

export const emailAttachmentsSchema = z
  .array(emailAttachmentSchema)
  .check(z.maxLength(maxAttachments, `at most ${maxAttachments} attachments`));

/** What the sender needs of the file store: reading a whole object, and its size beforehand. */
export type AttachmentFiles = Pick<FileStore, 'head' | 'readStart'>;

/** One attachment read, ready for the mail port. */
export interface AttachmentContent {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export type ReadAttachments =
  | { ok: true; attachments: AttachmentContent[] }
  /** The message can never go out as it is (too big, references refused): fail it now. */
  | { ok: false; permanent: true; reason: string }
  /** An object is not there (yet: it may be written just after) or S3 failed: try again later. */
  | { ok: false; permanent: false; reason: string };

/**
 * Reads the attachments of a message, checking the size first (HEAD) so that a message that would
 * exceed SES's limit is refused without downloading anything, then each object whole. `bodyBytes`
 * is what the subject and bodies already take.
 */
export async function readAttachments(
  files: AttachmentFiles | undefined,
  references: unknown,
  bodyBytes: number,
): Promise<ReadAttachments> {
  const parsed = emailAttachmentsSchema.safeParse(references ?? []);
  if (!parsed.success) {
    return {
      ok: false,
      permanent: true,
      reason: `attachments refused: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
    };
  }
  const wanted = parsed.data;
  if (wanted.length === 0) return { ok: true, attachments: [] };
  if (!files) return { ok: false, permanent: true, reason: 'attachments: this sender has no file store' };

  const budget = sesMaxMessageBytes - mimeOverheadBytes - bodyBytes;
  let total = 0;
  const sizes: number[] = [];
  try {
    for (const attachment of wanted) {
      const found = await files.head({ bucket: attachmentBucket, key: attachment.key });
      if (!found) return { ok: false, permanent: false, reason: `attachment missing: ${attachment.key}` };
      if (found.size === 0)
        return { ok: false, permanent: true, reason: `attachment empty: ${attachment.key}` };
      sizes.push(found.size);
      total += encodedSize(found.size);
    }
    if (total > budget) return tooLarge(total + bodyBytes);

    const read: AttachmentContent[] = [];
    for (const [index, attachment] of wanted.entries()) {
      const expected = sizes[index] ?? 0;
      // One byte more than expected: an object replaced by a larger one since the HEAD shows it.
      const object = await files.readStart({
        bucket: attachmentBucket,
        key: attachment.key,
        length: expected + 1,
      });
      if (!object) return { ok: false, permanent: false, reason: `attachment missing: ${attachment.key}` };
      if (object.size !== expected) {
        total += encodedSize(object.size) - encodedSize(expected);
        if (total > budget) return tooLarge(total + bodyBytes);
        return { ok: false, permanent: false, reason: `attachment changed while read: ${attachment.key}` };
      }
      read.push({
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: object.bytes,
      });
    }
    return { ok: true, attachments: read };
  } catch (error) {
    const { name, message } = (error ?? {}) as { name?: string; message?: string };
    return {
      ok: false,
      permanent: false,
      reason: `attachment not read: ${[name, message].filter(Boolean).join(': ').slice(0, 300)}`,
    };
  }
}

function tooLarge(bytes: number): ReadAttachments {
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return {
    ok: false,
    permanent: true,
    reason: `message too large for SES: ${mb} MB encoded with its attachments, above the 40 MB limit`,
  };
}
