import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * The signed token a ticket's QR code carries (TIX-10, TIX-12; decision 0016). A door scanner
 * holds only public keys, so it checks a ticket offline and a stolen scanner can forge nothing.
 *
 * Binary, then base64url, to keep the QR small enough to print well (184 characters for four
 * ULIDs: a version 10 QR code at level M, 57 modules wide):
 *
 *   version (1) · key id (1) · ticketId · orderId · eventId · occurrenceId · issuedAt (4, Unix s)
 *   · Ed25519 signature (64) of everything before it
 *
 * Each id is a tag byte then its bytes: tag 0 is a ULID (the platform's ids) packed in 16 bytes,
 * tag n (1–64) is an id of n UTF-8 bytes kept as is, so an id of any other shape still round-trips.
 * Nothing personal is in the token: a photographed ticket tells its ids and nothing else.
 * `orderId` is there because the ticket item is keyed `ORDER#<orderId>` · `TICKET#<ticketId>`: the
 * scan is then a direct write (docs/data-model.md §3.4, TIX-12).
 */
export interface TicketTokenPayload {
  ticketId: string;
  orderId: string;
  eventId: string;
  occurrenceId: string;
  /** ISO-8601 UTC; kept to the second. */
  issuedAt: string;
}

/** A private key with the id a token names it by (0–255), so keys can rotate. */
export interface TicketSigningKey {
  keyId: number;
  privateKey: KeyObject;
}

/** A public key a scanner accepts, by id. */
export interface TicketVerifyingKey {
  keyId: number;
  publicKey: KeyObject;
}

/** Why a token was refused: scanners show "not a ticket of ours" for all of them. */
export type TicketTokenRefusal = 'malformed' | 'unsupportedVersion' | 'unknownKey' | 'badSignature';

export type TicketTokenCheck =
  | { ok: true; payload: TicketTokenPayload; version: number; keyId: number }
  | { ok: false; reason: TicketTokenRefusal };

export const ticketTokenVersion = 1;

const signatureBytes = 64;
const ulidBytes = 16;
const maxIdBytes = 64;
const idFields = ['ticketId', 'orderId', 'eventId', 'occurrenceId'] as const;
/** The shortest possible token: header, four one-byte ids, time, signature. */
const minTokenBytes = 2 + idFields.length * 2 + 4 + signatureBytes;
const maxTokenBytes = 2 + idFields.length * (1 + maxIdBytes) + 4 + signatureBytes;

/** Signs `payload` with `key`; throws when an id is empty or longer than 64 bytes. */
export function signTicketToken(payload: TicketTokenPayload, key: TicketSigningKey): string {
  if (!Number.isInteger(key.keyId) || key.keyId < 0 || key.keyId > 255) {
    throw new RangeError(`A ticket key id is 0 to 255, not ${key.keyId}`);
  }
  if (key.privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('Ticket keys are Ed25519 keys');
  const issuedAtMs = Date.parse(payload.issuedAt);
  if (Number.isNaN(issuedAtMs)) throw new RangeError(`Not an ISO-8601 date-time: ${payload.issuedAt}`);
  const parts: Uint8Array[] = [Uint8Array.of(ticketTokenVersion, key.keyId)];
  for (const field of idFields) parts.push(encodeId(payload[field]));
  const time = Buffer.alloc(4);
  time.writeUInt32BE(Math.floor(issuedAtMs / 1000));
  parts.push(time);
  const signed = Buffer.concat(parts);
  const signature = sign(null, signed, key.privateKey);
  return Buffer.concat([signed, signature]).toString('base64url');
}

/**
 * Checks a scanned token with public keys only (offline). Refuses anything not produced by
 * `signTicketToken` with one of `keys`: another alphabet or padding, a changed byte, an unknown key
 * id or version, trailing bytes. Never throws on input.
 */
export function verifyTicketToken(token: string, keys: readonly TicketVerifyingKey[]): TicketTokenCheck {
  const bytes = decodeCanonicalBase64url(token);
  if (!bytes || bytes.length < minTokenBytes || bytes.length > maxTokenBytes) return refuse('malformed');
  const version = bytes[0];
  const keyId = bytes[1] as number;
  if (version !== ticketTokenVersion) return refuse('unsupportedVersion');
  const signed = bytes.subarray(0, bytes.length - signatureBytes);
  const signature = bytes.subarray(bytes.length - signatureBytes);
  const key = keys.find((candidate) => candidate.keyId === keyId);
  if (!key) return refuse('unknownKey');
  // Layout first, so a token that would not parse is "malformed" whatever its signature.
  const ids: string[] = [];
  let at = 2;
  for (let index = 0; index < idFields.length; index++) {
    const decoded = decodeId(signed, at);
    if (!decoded) return refuse('malformed');
    ids.push(decoded.id);
    at = decoded.next;
  }
  if (at + 4 !== signed.length) return refuse('malformed');
  let valid = false;
  try {
    valid = verify(null, signed, key.publicKey, signature);
  } catch {
    valid = false;
  }
  if (!valid) return refuse('badSignature');
  const [ticketId, orderId, eventId, occurrenceId] = ids as [string, string, string, string];
  const seconds = Buffer.from(signed.buffer, signed.byteOffset + at, 4).readUInt32BE();
  return {
    ok: true,
    version,
    keyId,
    payload: {
      ticketId,
      orderId,
      eventId,
      occurrenceId,
      issuedAt: new Date(seconds * 1000).toISOString(),
    },
  };
}

/** The public half of a signing key, as the scanners receive it. */
export function verifyingKeyOf(key: TicketSigningKey): TicketVerifyingKey {
  return { keyId: key.keyId, publicKey: createPublicKey(key.privateKey) };
}

/**
 * The raw 32-byte Ed25519 public key in base64url (a JWK's `x`): what the door-scanning web app
 * imports with WebCrypto (`importKey('raw', …, 'Ed25519')`) to verify the same bytes in the browser.
 */
export function rawPublicKey(key: TicketVerifyingKey): string {
  const jwk = key.publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new TypeError('Not an Ed25519 public key');
  return jwk.x;
}

function refuse(reason: TicketTokenRefusal): TicketTokenCheck {
  return { ok: false, reason };
}

// Crockford base32, the ULID alphabet: a ULID is 26 of these, 128 bits, the first at most 7.
const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ulidPattern = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

function encodeId(id: string): Uint8Array {
  if (ulidPattern.test(id)) {
    let value = 0n;
    for (const char of id) value = (value << 5n) | BigInt(crockford.indexOf(char));
    const out = new Uint8Array(1 + ulidBytes);
    for (let index = ulidBytes; index >= 1; index--) {
      out[index] = Number(value & 0xffn);
      value >>= 8n;
    }
    return out;
  }
  const utf8 = Buffer.from(id, 'utf8');
  if (utf8.length < 1 || utf8.length > maxIdBytes) {
    throw new RangeError(`A ticket token id is 1 to ${maxIdBytes} bytes: ${JSON.stringify(id)}`);
  }
  return Buffer.concat([Uint8Array.of(utf8.length), utf8]);
}

function decodeId(bytes: Uint8Array, at: number): { id: string; next: number } | undefined {
  const tag = bytes[at];
  if (tag === undefined) return undefined;
  if (tag === 0) {
    if (at + 1 + ulidBytes > bytes.length) return undefined;
    let value = 0n;
    for (let index = 0; index < ulidBytes; index++)
      value = (value << 8n) | BigInt(bytes[at + 1 + index] ?? 0);
    // 128 bits in 26 characters of 5 bits: the first character holds the top 3 bits.
    let id = '';
    for (let index = 0; index < 26; index++) {
      id = crockford[Number(value & 31n)] + id;
      value >>= 5n;
    }
    return { id, next: at + 1 + ulidBytes };
  }
  if (tag > maxIdBytes || at + 1 + tag > bytes.length) return undefined;
  const slice = bytes.subarray(at + 1, at + 1 + tag);
  let id: string;
  try {
    id = new TextDecoder('utf-8', { fatal: true }).decode(slice);
  } catch {
    return undefined;
  }
  // A ULID-shaped id is always packed: its text form here would be a second encoding of it.
  if (ulidPattern.test(id)) return undefined;
  return { id, next: at + 1 + tag };
}

/** The bytes of `text` only when it is exactly what base64url without padding would write for them. */
function decodeCanonicalBase64url(text: string): Uint8Array | undefined {
  if (typeof text !== 'string' || text.length === 0 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  if (text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
