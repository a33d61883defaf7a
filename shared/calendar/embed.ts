import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { addDays, defaultTimeZone, localDateOf } from '../kernel/zoned-time';
import { type CalendarCard, groupByDay } from './calendar-cards';
import { id } from './event-input';
import { readCalendar } from './list-calendar';

/**
 * The embeddable calendar (issue #12, beyond CAL): an organization pastes an <iframe> on its own
 * website and it shows its upcoming published events, styled to fit. Everything the frame's address
 * may say is read here, validated, with a default for anything missing or wrong: a bad parameter
 * never breaks the organization's page, it only falls back.
 */
export const embedParams = { theme: 'theme', accent: 'couleur', count: 'nombre' } as const;

export const embedThemes = ['clair', 'sombre'] as const;
export type EmbedTheme = (typeof embedThemes)[number];

export const embedLimits = { defaultCount: 5, minCount: 1, maxCount: 20, days: 180 } as const;

/** The site's own accent (web/src/app.css `--accent`), the default of the frame's. */
export const defaultEmbedAccent = '#7a2e3a';

/** The frame's background and text colours by theme, which the accent must stand out from. */
export const embedPalette = {
  clair: { background: '#ffffff', ink: '#1f1a17' },
  sombre: { background: '#1b1a19', ink: '#f4efe8' },
} as const;

export interface EmbedOptions {
  theme: EmbedTheme;
  /** `#rrggbb`, lower case. */
  accent: string;
  /**
   * The accent when it is legible as text on the theme's background (contrast ≥ 4.5:1, WCAG AA),
   * else the theme's ink: a pale accent still draws the cards' edge, never unreadable links.
   */
  accentText: string;
  count: number;
}

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The frame's options from its query string; anything unknown, malformed or out of range gets its default. */
export function readEmbedOptions(params: URLSearchParams): EmbedOptions {
  const themeText = params.get(embedParams.theme);
  const theme: EmbedTheme = themeText === 'sombre' ? 'sombre' : 'clair';
  const accentText = (params.get(embedParams.accent) ?? '').trim().replace(/^#/, '').toLowerCase();
  const accent = /^[0-9a-f]{6}$/.test(accentText) ? `#${accentText}` : defaultEmbedAccent;
  const countText = params.get(embedParams.count) ?? '';
  const count = /^\d{1,3}$/.test(countText)
    ? Math.min(embedLimits.maxCount, Math.max(embedLimits.minCount, Number(countText)))
    : embedLimits.defaultCount;
  const palette = embedPalette[theme];
  return {
    theme,
    accent,
    accentText: contrastRatio(accent, palette.background) >= 4.5 ? accent : palette.ink,
    count,
  };
}

/** The query string of options (`?…`), defaults left out so the snippet stays short. */
export function embedQueryString(options: Pick<EmbedOptions, 'theme' | 'accent' | 'count'>): string {
  const params = new URLSearchParams();
  if (options.theme !== 'clair') params.set(embedParams.theme, options.theme);
  if (options.accent !== defaultEmbedAccent) params.set(embedParams.accent, options.accent.replace(/^#/, ''));
  if (options.count !== embedLimits.defaultCount) params.set(embedParams.count, String(options.count));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const embedInput = z.object({
  orgId: id(),
  count: z.number().check(z.int(), z.gte(embedLimits.minCount), z.lte(embedLimits.maxCount)),
});

export interface EmbeddedCalendar {
  organizationName: string;
  cards: CalendarCard[];
}

const organizationNotFound = () => new NotFoundError({ fr: 'Cet organisme', en: 'This organization' });

/**
 * The next `count` published events an active organization presents, soonest first, read from the
 * calendar's month partitions with the presenter filter of the home page (bounded Query pages).
 * A suspended or unknown organization has no frame: its embed says so instead of an empty list.
 */
export async function embeddedCalendar(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: z.input<typeof embedInput>,
): Promise<EmbeddedCalendar> {
  const parsed = parseInput(embedInput, input);
  const organization = (await deps.db.identity.entities.organization.get({ orgId: parsed.orgId }).go()).data;
  if (organization?.status !== 'active') throw organizationNotFound();
  const from = localDateOf(deps.clock.now().toISOString(), defaultTimeZone);
  // Spans have an entry a day: read a few per card, fold them, keep `count`.
  const { entries } = await readCalendar(
    deps,
    { from, to: addDays(from, embedLimits.days) },
    (entry) => entry.presenterOrgId === parsed.orgId,
    { cards: parsed.count * 4, maxQueryPages: 6 },
  );
  const cards = groupByDay(entries)
    .flatMap((day) => day.cards)
    .slice(0, parsed.count);
  return { organizationName: organization.name, cards };
}
