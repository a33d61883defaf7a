/**
 * Turns a self-contained HTML document into PDF bytes (TIX-10, TIX-14; later certificates). Use
 * cases render through this port; shared/adapters/pdf-renderer.ts implements it with headless
 * Chromium. The HTML must carry everything it shows (styles inline, images as data: URIs): the
 * renderer lets the page fetch nothing.
 */
export interface PdfRenderer {
  render(html: string): Promise<Uint8Array>;
}
