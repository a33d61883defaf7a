/** `outbound-email` → `OutboundEmail`: construct ids derived from wiring names. */
export function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_match, _dash, c: string) => c.toUpperCase());
}
