import { describe, expect, it } from 'vitest';
import { detectContentType, documentContentTypes, matchesSignature, signatureLength } from './file-signature';

/** First bytes of real files of each accepted type (headers as their formats define them). */
const samples = {
  'application/pdf': new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'),
  'image/jpeg': new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]),
  'image/png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  'image/webp': new Uint8Array([
    ...new TextEncoder().encode('RIFF'),
    0x24,
    0x08,
    0x00,
    0x00,
    ...new TextEncoder().encode('WEBPVP8 '),
  ]),
} as const;

describe('file signatures (CRM-10)', () => {
  it.each(documentContentTypes)('CRM-10 recognises a %s by its first bytes, and by nothing else', (type) => {
    expect(matchesSignature(type, samples[type])).toBe(true);
    expect(detectContentType(samples[type])).toBe(type);
    for (const other of documentContentTypes) {
      if (other !== type) expect(matchesSignature(other, samples[type])).toBe(false);
    }
  });

  it('CRM-10 refuses a PNG declared as a PDF, HTML or a script declared as anything, and a file too short to tell', () => {
    expect(matchesSignature('application/pdf', samples['image/png'])).toBe(false);
    const html = new TextEncoder().encode('<html><script>alert(1)</script>%PDF-1.7');
    for (const type of documentContentTypes) expect(matchesSignature(type, html)).toBe(false);
    expect(detectContentType(html)).toBeUndefined();
    expect(matchesSignature('application/pdf', new TextEncoder().encode('%PD'))).toBe(false);
    expect(matchesSignature('image/jpeg', new Uint8Array())).toBe(false);
    // RIFF but not WebP (a WAV file).
    expect(matchesSignature('image/webp', new TextEncoder().encode('RIFF\x24\x08\x00\x00WAVEfmt '))).toBe(
      false,
    );
  });

  it('CRM-10 needs no more than signatureLength bytes', () => {
    for (const type of documentContentTypes) {
      expect(matchesSignature(type, samples[type].subarray(0, signatureLength))).toBe(true);
    }
  });
});
