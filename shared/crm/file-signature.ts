/**
 * What a client file accepts as a document (CRM-10), recognised by content rather than by name or
 * by the browser's word: the first bytes of each type are fixed by its format ("magic bytes").
 *
 * The list is short on purpose. PDF covers letters, forms and scans; JPEG, PNG and WebP cover phone
 * photos of a card or a receipt (iPhones hand browsers JPEG when the page asks for it, so HEIC is not
 * needed, and browsers cannot show HEIC anyway). Staff attach the same four: Word and other office
 * files are ZIP containers whose first bytes say nothing about what is inside (any ZIP, a
 * macro-enabled file renamed .docx), so they cannot be checked this way; staff save them as PDF,
 * which every client can open and print.
 */
export const documentContentTypes = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;
export type DocumentContentType = (typeof documentContentTypes)[number];

export function isDocumentContentType(value: unknown): value is DocumentContentType {
  return typeof value === 'string' && (documentContentTypes as readonly string[]).includes(value);
}

/** How many leading bytes `matchesSignature` needs to decide (WebP's is the longest, 12). */
export const signatureLength = 16;

/** File name extensions of each type; the first is the one added to a name that has none of them. */
export const extensionsOf: Readonly<Record<DocumentContentType, readonly string[]>> = Object.freeze({
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
});

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** `null` stands for any byte (the RIFF size of a WebP file). */
const signatures: Readonly<Record<DocumentContentType, readonly (number | null)[]>> = Object.freeze({
  // "%PDF-" at offset 0. Readers tolerate leading junk, but a file that is a PDF only from byte
  // 300 on is what a polyglot (HTML, script and PDF at once) looks like.
  'application/pdf': ascii('%PDF-'),
  // SOI marker then the first segment's marker.
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a],
  'image/webp': [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')],
});

/** True when `bytes` (a file's first bytes) begin as a file of `contentType` must. */
export function matchesSignature(contentType: DocumentContentType, bytes: Uint8Array): boolean {
  const signature = signatures[contentType];
  if (bytes.length < signature.length) return false;
  return signature.every((expected, index) => expected === null || bytes[index] === expected);
}

/** The accepted type these first bytes belong to, if any: for messages that say what a file really is. */
export function detectContentType(bytes: Uint8Array): DocumentContentType | undefined {
  return documentContentTypes.find((type) => matchesSignature(type, bytes));
}
