/**
 * The time zones a venue may be in (ORG-09), for a select: the zones of Canada first (most venues
 * are in Québec), then every other Area/City zone the runtime knows (`Intl`), by name. The domain
 * checks the chosen one with `Intl` again (shared/kernel/zoned-time.ts `isKnownTimeZone`).
 */
const canada = [
  'America/Toronto',
  'America/Montreal',
  'America/Halifax',
  'America/Moncton',
  'America/Glace_Bay',
  'America/Goose_Bay',
  'America/St_Johns',
  'America/Blanc-Sablon',
  'America/Winnipeg',
  'America/Regina',
  'America/Edmonton',
  'America/Vancouver',
  'America/Whitehorse',
  'America/Iqaluit',
];

let all: string[] | undefined;

export function timeZoneOptions(current?: string): { value: string; label: string }[] {
  all ??= [
    ...canada,
    ...Intl.supportedValuesOf('timeZone')
      .filter((zone) =>
        /^(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//.test(zone),
      )
      .filter((zone) => !canada.includes(zone))
      .sort(),
  ];
  const zones = current && !all.includes(current) ? [current, ...all] : all;
  return zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));
}
