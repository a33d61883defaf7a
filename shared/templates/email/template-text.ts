import type { Locale, LocalizedMessage } from '../../kernel/errors';
import type { Block, Inline } from './compose';

/**
 * The editable text of an e-mail template (COM-01): a subject and a body in plain text with
 * placeholders. Staff write text, never HTML, so what they type is escaped like any value and the
 * HTML and plain-text parts always say the same thing.
 *
 * Body syntax, as the editor explains it:
 * - a blank line separates paragraphs; a single line break stays a line break;
 * - `{prenom_client}` is replaced by its value;
 * - `{lien_activation}` is a link whose address comes only from the message's data; alone in its
 *   paragraph it is a button, inside a sentence a link; `{lien_activation|Texte du lien}` sets its
 *   words;
 * - `{{` and `}}` write a literal brace.
 */
export interface TemplateText {
  subject: string;
  body: string;
}

/** What the text engine needs to know of a placeholder to check and fill it. */
export interface PlaceholderRule {
  kind: 'text' | 'link';
  /** The body must use it: the link the e-mail exists for. */
  required?: boolean;
  /** Words of a link written without `|label`. */
  label?: LocalizedMessage;
  /** A missing value writes nothing (`empty`) or leaves out its whole paragraph (`omit`, the default). */
  whenMissing?: 'empty' | 'omit';
  /**
   * A text whose line breaks are kept as line breaks in its paragraph (an order's lines, an
   * organizer's message); in the subject it is one line like any value.
   */
  multiline?: boolean;
}

type Token = { type: 'text'; text: string } | { type: 'placeholder'; name: string; label?: string };

/** A template checked against its placeholders, ready to fill at every send. */
export interface CompiledTemplate {
  subject: Token[];
  /** Paragraphs of lines of tokens. */
  paragraphs: Token[][][];
}

/** One reason a template text is refused, with the placeholder it names if any. */
export interface TemplateProblem {
  field: 'subject' | 'body';
  code:
    | 'unknown_placeholder'
    | 'unclosed_brace'
    | 'label_not_allowed'
    | 'link_in_subject'
    | 'missing_placeholder';
  placeholder?: string;
  message: LocalizedMessage;
}

const fieldNames: Record<TemplateProblem['field'], LocalizedMessage> = {
  subject: { fr: 'l’objet', en: 'the subject' },
  body: { fr: 'le texte', en: 'the body' },
};

/** Shown in messages: at most this much of what staff typed. */
const shown = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

/** Splits one line into text and placeholders; a `{` without its `}` on the same line is a problem. */
function tokenizeLine(line: string, field: TemplateProblem['field'], problems: TemplateProblem[]): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let index = 0;
  while (index < line.length) {
    const char = line[index];
    const next = line[index + 1];
    if ((char === '{' && next === '{') || (char === '}' && next === '}')) {
      text += char;
      index += 2;
      continue;
    }
    if (char !== '{') {
      text += char;
      index += 1;
      continue;
    }
    const close = line.indexOf('}', index + 1);
    const reopen = line.indexOf('{', index + 1);
    if (close === -1 || (reopen !== -1 && reopen < close)) {
      const fragment = shown(line.slice(index, reopen === -1 ? undefined : reopen));
      problems.push({
        field,
        code: 'unclosed_brace',
        message: {
          fr: `Accolade non fermée dans ${fieldNames[field].fr} : « ${fragment} ». Écrivez {{ pour une accolade seule.`,
          en: `Unclosed brace in ${fieldNames[field].en}: “${fragment}”. Write {{ for a literal brace.`,
        },
      });
      text += char;
      index += 1;
      continue;
    }
    if (text) tokens.push({ type: 'text', text });
    text = '';
    const inner = line.slice(index + 1, close);
    const bar = inner.indexOf('|');
    const name = (bar === -1 ? inner : inner.slice(0, bar)).trim();
    const label = bar === -1 ? undefined : inner.slice(bar + 1).trim();
    tokens.push(label ? { type: 'placeholder', name, label } : { type: 'placeholder', name });
    index = close + 1;
  }
  if (text) tokens.push({ type: 'text', text });
  return tokens;
}

/**
 * Control characters other than line breaks and tabs never belong in an e-mail's text, nor the
 * private-use character that marks empty values while filling.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point.
const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ue000]/g;

/** The text as it is stored: Unix line breaks, no control characters, tabs as spaces. */
export function normalizeTemplateText(text: TemplateText): TemplateText {
  const clean = (value: string) =>
    value
      .replaceAll('\r\n', '\n')
      .replaceAll('\r', '\n')
      .replaceAll('\t', ' ')
      .replace(controlCharacters, '');
  return { subject: clean(text.subject).replaceAll('\n', ' ').trim(), body: clean(text.body).trim() };
}

/**
 * Checks a template text against the placeholders its template allows and compiles it. Every
 * problem is reported at once, each naming the placeholder in French and English, so the editor
 * can show them all.
 */
export function compileTemplate(
  text: TemplateText,
  rules: Readonly<Record<string, PlaceholderRule>>,
): { template: CompiledTemplate; problems: TemplateProblem[] } {
  const { subject, body } = normalizeTemplateText(text);
  const problems: TemplateProblem[] = [];
  const allowed = Object.keys(rules)
    .map((name) => `{${name}}`)
    .join(', ');
  const used = new Set<string>();

  const check = (tokens: Token[], field: TemplateProblem['field']) => {
    for (const token of tokens) {
      if (token.type !== 'placeholder') continue;
      const rule = Object.hasOwn(rules, token.name) ? rules[token.name] : undefined;
      const written = `{${shown(token.name)}}`;
      if (!rule) {
        problems.push({
          field,
          code: 'unknown_placeholder',
          placeholder: token.name,
          message: {
            fr: `Le champ de fusion ${written} n’existe pas pour ce modèle (${fieldNames[field].fr}). Champs permis : ${allowed}.`,
            en: `Unknown placeholder ${written} in ${fieldNames[field].en}. Allowed placeholders: ${allowed}.`,
          },
        });
        continue;
      }
      used.add(token.name);
      if (rule.kind === 'link' && field === 'subject') {
        problems.push({
          field,
          code: 'link_in_subject',
          placeholder: token.name,
          message: {
            fr: `Le lien ${written} ne peut pas figurer dans l’objet : placez-le dans le texte.`,
            en: `The link ${written} cannot be in the subject: put it in the body.`,
          },
        });
      } else if (rule.kind === 'text' && token.label !== undefined) {
        problems.push({
          field,
          code: 'label_not_allowed',
          placeholder: token.name,
          message: {
            fr: `Seuls les liens acceptent un texte après « | » : écrivez {${token.name}}.`,
            en: `Only links take words after “|”: write {${token.name}}.`,
          },
        });
      }
    }
  };

  const subjectTokens = tokenizeLine(subject, 'subject', problems);
  check(subjectTokens, 'subject');
  const paragraphs = body
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => paragraph.split('\n').map((line) => tokenizeLine(line.trim(), 'body', problems)));
  for (const paragraph of paragraphs) for (const line of paragraph) check(line, 'body');
  for (const [name, rule] of Object.entries(rules)) {
    if (rule.required && !used.has(name)) {
      problems.push({
        field: 'body',
        code: 'missing_placeholder',
        placeholder: name,
        message: {
          fr: `Le texte doit contenir {${name}} : sans lui, ce courriel ne sert à rien.`,
          en: `The body must contain {${name}}: without it this e-mail is useless.`,
        },
      });
    }
  }
  return { template: { subject: subjectTokens, paragraphs }, problems };
}

/** A placeholder's value for one message: text, or the address of a link. */
export type PlaceholderValues = Readonly<Record<string, string | undefined>>;

/**
 * Marks where an empty value was, so the space before it can go ("Bonjour {prenom_client}," →
 * "Bonjour,"). A private-use character, removed from every text and value beforehand.
 */
const hole = '\ue000';

function closeHoles(text: string, atLineEnd = true): string {
  const beforePunctuation = atLineEnd ? /[ \u00a0]*\ue000(?=[,.;)]|$)/g : /[ \u00a0]*\ue000(?=[,.;)])/g;
  return text.replace(beforePunctuation, '').replace(/\ue000[ \u00a0]*/g, '');
}

/** Values are single-line plain text: no control characters, no line breaks. */
function cleanValue(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').replace(controlCharacters, '');
}

/** A multi-line value: Unix line breaks kept (runs of blank lines made one), nothing else. */
function cleanMultiline(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(controlCharacters, '')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Splits a filled line where a multi-line value had line breaks. A blank line inside the value
 * stays an empty line, so an organizer's paragraphs still read as paragraphs.
 */
function splitLines(line: Inline[]): Inline[][] {
  if (!line.some((inline) => inline.type === 'text' && inline.text.includes('\n'))) return [line];
  const lines: Inline[][] = [[]];
  for (const inline of line) {
    if (inline.type !== 'text') {
      lines[lines.length - 1]?.push(inline);
      continue;
    }
    inline.text.split('\n').forEach((piece, index) => {
      if (index > 0) lines.push([]);
      if (piece) lines[lines.length - 1]?.push({ type: 'text', text: piece });
    });
  }
  return lines.map((pieces) => (pieces.length > 0 ? pieces : [{ type: 'text', text: '' }]));
}

function isMissing(value: string | undefined): value is undefined {
  return value === undefined || value === '';
}

/** The subject line: text placeholders replaced, spaces collapsed. */
export function fillSubject(
  template: CompiledTemplate,
  rules: Readonly<Record<string, PlaceholderRule>>,
  values: PlaceholderValues,
): string {
  const text = template.subject
    .map((token) => {
      if (token.type === 'text') return token.text;
      const value = values[token.name];
      return rules[token.name]?.kind === 'text' && !isMissing(value) ? cleanValue(value) : hole;
    })
    .join('');
  // Collapse spaces, but keep French no-break spaces (`Bienvenue\u00a0!`).
  return closeHoles(text)
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}

/**
 * The body as blocks for the layout. A paragraph using a placeholder without value whose rule
 * says `omit` is left out (an optional help video, say); links take their address from `values`
 * only, so nothing staff type can become a link.
 */
export function fillBody(
  template: CompiledTemplate,
  rules: Readonly<Record<string, PlaceholderRule>>,
  values: PlaceholderValues,
  locale: Locale,
): Block[] {
  const blocks: Block[] = [];
  for (const paragraph of template.paragraphs) {
    const tokens = paragraph.flat();
    const omitted = tokens.some(
      (token) =>
        token.type === 'placeholder' &&
        isMissing(values[token.name]) &&
        (rules[token.name]?.whenMissing ?? 'omit') === 'omit',
    );
    if (omitted) continue;
    const meaningful = tokens.filter((token) => token.type === 'placeholder' || token.text.trim());
    const only = meaningful.length === 1 ? meaningful[0] : undefined;
    if (only?.type === 'placeholder' && rules[only.name]?.kind === 'link') {
      const url = values[only.name] as string;
      blocks.push({ type: 'button', url, label: linkWords(only, rules, locale, url) });
      continue;
    }
    const lines = paragraph
      .map((line) => fillLine(line, rules, values, locale))
      .filter((line) => line.length > 0)
      .flatMap(splitLines);
    if (lines.length > 0) blocks.push({ type: 'paragraph', lines });
  }
  return blocks;
}

function linkWords(
  token: Extract<Token, { type: 'placeholder' }>,
  rules: Readonly<Record<string, PlaceholderRule>>,
  locale: Locale,
  url: string,
): string {
  return token.label || rules[token.name]?.label?.[locale] || url;
}

function fillLine(
  line: Token[],
  rules: Readonly<Record<string, PlaceholderRule>>,
  values: PlaceholderValues,
  locale: Locale,
): Inline[] {
  const inlines: Inline[] = [];
  let text = '';
  const flush = (atLineEnd: boolean) => {
    const closed = closeHoles(text, atLineEnd);
    if (closed) inlines.push({ type: 'text', text: closed });
    text = '';
  };
  for (const token of line) {
    if (token.type === 'text') {
      text += token.text;
      continue;
    }
    const rule = rules[token.name];
    const value = values[token.name];
    if (isMissing(value) || !rule) {
      text += hole;
    } else if (rule.kind === 'link') {
      flush(false);
      inlines.push({ type: 'link', url: value, text: linkWords(token, rules, locale, value) });
    } else {
      text += rule.multiline ? cleanMultiline(value) : cleanValue(value);
    }
  }
  flush(true);
  // A line whose only content was an empty value leaves nothing behind.
  return inlines.some((inline) => inline.type === 'link' || inline.text.trim()) ? inlines : [];
}
