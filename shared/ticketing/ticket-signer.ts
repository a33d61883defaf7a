import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto';
import {
  signTicketToken,
  type TicketSigningKey,
  type TicketTokenPayload,
  type TicketVerifyingKey,
  verifyingKeyOf,
} from './ticket-token';

/**
 * Where ticket tokens get their signature (decision 0016). Use cases sign through this port and
 * never see where the private key lives: Secrets Manager on AWS (shared/adapters/secrets-manager.ts),
 * an environment variable set by the local twin otherwise.
 */
export interface TicketSigner {
  sign(payload: TicketTokenPayload): Promise<string>;
  /** Every public key a scanner must accept: the current one first, then those retired but not expired. */
  verifyingKeys(): Promise<TicketVerifyingKey[]>;
}

/**
 * The keyring as stored (the Secrets Manager secret's string, or PARVIS_TICKET_SIGNING_KEY locally):
 * JSON with the current key's id and its private key, and the public PEMs of retired keys whose
 * tickets are still out. Rotating = a new `current` with a new id, the old public key moved to
 * `retired` (docs/operations.md).
 *
 * The private key is given either as PKCS#8 PEM (`privateKeyPem`: the twin's) or as a random
 * `seed` of at least 32 characters from which the Ed25519 key is derived (HKDF-SHA-256): the form
 * CloudFormation can generate by itself (a Secrets Manager secret's `generateStringKey`), so the
 * AWS keyring exists from the first deploy without a custom resource (decision 0016).
 */
export interface TicketKeyringText {
  keyId: number;
  privateKeyPem?: string;
  seed?: string;
  retired?: { keyId: number; publicKeyPem: string }[];
}

/** The shortest seed accepted: 32 characters of a 62-letter alphabet carry more than 190 bits. */
export const minimumSeedLength = 32;

// PKCS#8 wrapping of a raw 32-byte Ed25519 private key (RFC 8410 §7): this prefix, then the key.
const ed25519Pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The Ed25519 private key a seed stands for: always the same key for the same seed. */
export function privateKeyFromSeed(seed: string): KeyObject {
  const raw = Buffer.from(hkdfSync('sha256', seed, 'parvis', 'ticket-signing-key-v1', 32));
  return createPrivateKey({ key: Buffer.concat([ed25519Pkcs8Prefix, raw]), format: 'der', type: 'pkcs8' });
}

export interface TicketKeyring {
  current: TicketSigningKey;
  verifying: TicketVerifyingKey[];
}

/** Reads a stored keyring; throws (without echoing the secret) when it is not one. */
export function parseTicketKeyring(text: string): TicketKeyring {
  let parsed: TicketKeyringText;
  try {
    parsed = JSON.parse(text) as TicketKeyringText;
  } catch {
    throw new Error('The ticket signing keyring is not JSON');
  }
  const keyIdOk = (id: unknown): id is number =>
    Number.isInteger(id) && (id as number) >= 0 && (id as number) <= 255;
  const pem = typeof parsed?.privateKeyPem === 'string' ? parsed.privateKeyPem : undefined;
  const seed = typeof parsed?.seed === 'string' ? parsed.seed : undefined;
  if (!parsed || !keyIdOk(parsed.keyId) || (pem === undefined) === (seed === undefined)) {
    throw new Error('The ticket signing keyring needs keyId (0–255) and one of privateKeyPem or seed');
  }
  if (seed !== undefined && seed.length < minimumSeedLength) {
    throw new Error(`The ticket signing seed needs at least ${minimumSeedLength} characters`);
  }
  const privateKey = pem !== undefined ? createPrivateKey(pem) : privateKeyFromSeed(seed as string);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The ticket signing key is not Ed25519');
  const current: TicketSigningKey = { keyId: parsed.keyId, privateKey };
  const verifying = [verifyingKeyOf(current)];
  for (const retired of parsed.retired ?? []) {
    if (!keyIdOk(retired.keyId) || retired.keyId === current.keyId) {
      throw new Error('A retired ticket key needs its own keyId (0–255)');
    }
    verifying.push({ keyId: retired.keyId, publicKey: createPublicKey(retired.publicKeyPem) });
  }
  return { current, verifying };
}

/** A signer over a keyring already in memory. */
export function keyringTicketSigner(keyring: TicketKeyring): TicketSigner {
  return {
    sign: async (payload) => signTicketToken(payload, keyring.current),
    verifyingKeys: async () => keyring.verifying,
  };
}

/**
 * A signer whose keyring is loaded on first use and kept for the container's life: one Secrets
 * Manager read per cold start, not one per ticket. A failed load is not kept, so the next call retries.
 */
export function lazyTicketSigner(load: () => Promise<TicketKeyring>): TicketSigner {
  let keyring: Promise<TicketKeyring> | undefined;
  const get = () => {
    keyring ??= load().catch((error: unknown) => {
      keyring = undefined;
      throw error;
    });
    return keyring;
  };
  return {
    sign: async (payload) => signTicketToken(payload, (await get()).current),
    verifyingKeys: async () => (await get()).verifying,
  };
}

/** A new keyring text with a fresh Ed25519 key: the local twin's, and the first one on AWS. */
export function generateTicketKeyringText(keyId = 1): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const text: TicketKeyringText = {
    keyId,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
  return JSON.stringify(text);
}
