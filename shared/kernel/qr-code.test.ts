import * as QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrCodeSvg } from './qr-code';

describe('qrCodeSvg', () => {
  it('ROLE-05 draws exactly what the qrcode library draws from its main entry', async () => {
    const uri =
      'otpauth://totp/Parvis:ana%40example.org?issuer=Parvis&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    for (const errorCorrectionLevel of ['L', 'M', 'H'] as const) {
      const expected = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel, margin: 4 });
      expect(qrCodeSvg(uri, { errorCorrectionLevel })).toBe(expected);
    }
    expect(qrCodeSvg('x', { margin: 0 })).toBe(await QRCode.toString('x', { type: 'svg', margin: 0 }));
  });

  it('ROLE-05 refuses a text longer than a QR code holds', () => {
    expect(() => qrCodeSvg('x'.repeat(5000))).toThrow(/too big|Minimum version/i);
  });
});
