import type { Locale } from '../../kernel/errors';
import { escapeHtml } from '../../templates/email/compose';
import { en, fr } from '../../templates/i18n/catalogues/ticket-documents';
import { localeTag } from '../../templates/i18n/locale';

export type DocumentMessageKey = keyof typeof fr;

const catalogues: Record<Locale, Record<DocumentMessageKey, string>> = { fr, en };

/**
 * A document's words, with `{name}` placeholders filled by escaped `params`: every value is escaped
 * here, so a template cannot forget one (a buyer named `<b>` prints as typed). `markup` fills
 * placeholders with HTML the template built itself (a link whose parts it escaped).
 */
export function text(
  locale: Locale,
  key: DocumentMessageKey,
  params: Record<string, string | number> = {},
  markup: Record<string, string> = {},
): string {
  return catalogues[locale][key]
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name !== undefined && Object.hasOwn(markup, name)) return markup[name];
      if (name !== undefined && Object.hasOwn(params, name)) return escapeHtml(String(params[name]));
      return escapeHtml(part);
    })
    .join('');
}

/** An escaped address whose Canadian postal code never breaks across lines (G5L 4B4). */
export function addressHtml(value: string): string {
  return escapeHtml(value).replace(/\b([A-Za-z]\d[A-Za-z]) (\d[A-Za-z]\d)\b/g, '$1&nbsp;$2');
}

/**
 * The page loads nothing: no script, no style sheet, image or font from anywhere but the document
 * itself. The renderer also refuses every request (shared/adapters/pdf-renderer.ts); this holds
 * even in a browser that opened the HTML.
 */
const contentSecurityPolicy =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'";

/**
 * Letter paper (Québec prints on letter, not A4). Open Sans is @sparticuz/chromium's font on Lambda;
 * Liberation Sans and DejaVu Sans stand in for it on a Linux machine. Black on white, the accent
 * #7a2e1d (9.6:1 on white) and greys no lighter than #4a4a4a (8.9:1): readable printed in black
 * and white and by people with low vision.
 */
const baseStyle = `
@page { size: letter; margin: 14mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: 'Open Sans', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif;
  font-size: 10.5pt; line-height: 1.45; color: #1b1b1b; background: #ffffff; }
h1, h2, h3, p, dl, dd, ol { margin: 0; }
a { color: #7a2e1d; }
.muted { color: #4a4a4a; }
.eyebrow { font-size: 8.5pt; font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase; color: #7a2e1d; }
.mono { font-family: 'DejaVu Sans Mono', 'Liberation Mono', 'Courier New', monospace; }
.break { overflow-wrap: anywhere; }
`;

/** A complete HTML document: language, title (the PDF's), policy, styles, body. */
export function documentShell(locale: Locale, title: string, style: string, body: string): string {
  return `<!doctype html>
<html lang="${localeTag(locale)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<title>${title}</title>
<style>${baseStyle}${style}</style>
</head>
<body>
${body}
</body>
</html>`;
}
