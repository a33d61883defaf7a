/// <reference path="./qrcode-modules.d.ts" />
/**
 * QR codes as SVG markup, with the `qrcode` library's own encoder and SVG renderer, imported one by
 * one: its main entry also loads the PNG, terminal and UTF-8 renderers and `pngjs` (57 KB of the
 * web server's bundle, parsed at every cold start) for output Parvis never makes. The markup is
 * exactly what `QRCode.toString(text, { type: 'svg' })` returns (shared/kernel/qr-code.test.ts).
 */
import type { QRCodeErrorCorrectionLevel } from 'qrcode';
import { create } from 'qrcode/lib/core/qrcode.js';
import { render } from 'qrcode/lib/renderer/svg-tag.js';

export interface QrCodeOptions {
  errorCorrectionLevel?: QRCodeErrorCorrectionLevel;
  /** Quiet zone around the code, in modules (the standard asks for 4). */
  margin?: number;
}

/** The SVG of `text` as a QR code, black on white; throws when the text is too long for a QR code. */
export function qrCodeSvg(text: string, options: QrCodeOptions = {}): string {
  const { errorCorrectionLevel = 'M', margin = 4 } = options;
  return render(create(text, { errorCorrectionLevel }), { margin });
}
