import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../infra/wiring';
import { type ChromiumBinary, chromiumForHere, chromiumPdfRenderer, systemChromium } from './pdf-renderer';

// A server on loopback standing for "the network": the page must never reach it.
const requests: string[] = [];
let server: Server;
let origin = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('body { color: red }');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

let launches = 0;
const renderer = chromiumPdfRenderer({
  binary: async (): Promise<ChromiumBinary> => {
    launches++;
    return chromiumForHere();
  },
});
afterAll(() => renderer.close());

/** The text of a PDF, and the colour of its pixel at (x, y) in a 30 dpi rendering. */
async function inspect(bytes: Uint8Array, x: number, y: number): Promise<{ text: string; rgb: number[] }> {
  const png = await new Promise<Buffer>((resolve, reject) => {
    const child = execFile(
      'pdftoppm',
      ['-png', '-r', '30', '-singlefile', '-'],
      { encoding: 'buffer' },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
    child.stdin?.end(bytes);
  });
  const words = await new Promise<string>((resolve, reject) => {
    const child = execFile('pdftotext', ['-', '-'], { encoding: 'utf8' }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
    child.stdin?.end(bytes);
  });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return { text: words, rgb: [data[at] ?? -1, data[at + 1] ?? -1, data[at + 2] ?? -1] };
}

describe('Chromium PDF renderer', () => {
  it('TIX-10 renders HTML to a letter-size PDF, data: images included, and fetches nothing from the network', async () => {
    const redSquare = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="${origin}/style.css">
      <style>@font-face { font-family: X; src: url(${origin}/font.woff2); } body { margin: 0; font-family: X, sans-serif; }</style>
      <script src="${origin}/script.js"></script>
      </head><body>
      <img src="data:image/png;base64,${redSquare.toString('base64')}" style="display:block;width:2in;height:2in">
      <p>Bonjour, été</p>
      <img src="${origin}/tracker.png">
      <iframe src="${origin}/frame.html"></iframe>
      <script>document.body.insertAdjacentHTML('beforeend', '<p>SCRIPT RAN</p>')</script>
      <p style="background:url(${origin}/background.png)">fin</p>
      </body></html>`;
    const bytes = await renderer.render(html);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(requests).toEqual([]);
    // Letter: 8.5 × 11 in, i.e. 612 × 792 points.
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/MediaBox \[0 0 612 792\]/);
    // 30 dpi: the data: image's red square covers (0..60, 0..60) of the page's pixels.
    const { text, rgb } = await inspect(bytes, 30, 30);
    expect(rgb).toEqual([255, 0, 0]);
    expect(text).toContain('Bonjour, été');
    expect(text).not.toContain('SCRIPT RAN');
  });

  it('TIX-10 one browser per container: renders share it, even at once, on pages reused clean; a closed one is launched again', async () => {
    const before = launches;
    const pdfs = await Promise.all(['un', 'deux', 'trois'].map((word) => renderer.render(`<p>${word}</p>`)));
    expect(pdfs.every((pdf) => pdf.byteLength > 500)).toBe(true);
    expect(launches - before).toBeLessThanOrEqual(1);
    const afterFirst = launches;
    await renderer.render('<p>quatre</p>');
    expect(launches).toBe(afterFirst);
    // A kept page holds nothing of the document before: the next one replaces it whole.
    const next = await inspect(await renderer.render('<p>BETA</p>'), 0, 0);
    expect(next.text).toContain('BETA');
    expect(next.text).not.toMatch(/un|deux|trois|quatre/);
    await renderer.close();
    await renderer.render('<p>cinq</p>');
    expect(launches).toBe(afterFirst + 1);
  });

  it('TIX-10 a machine without the Chromium it is told to use says what to install', () => {
    expect(() => systemChromium({ [env.chromiumPath]: '/nonexistent/chromium' })).toThrow(
      /No Chromium at \/nonexistent\/chromium: install it/,
    );
  });
});
