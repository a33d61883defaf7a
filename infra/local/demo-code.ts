import { demoStaff, demoTotpCode } from './seed';

/**
 * `npx tsx infra/local/demo-code.ts [secret]`: the second-factor code the demo staff accounts of
 * infra/local/seed.ts (or the base32 secret given, e.g. one shown on the enrollment page) accept
 * right now, for a developer without an authenticator app at hand. Local demo only.
 */
const now = new Date();
const secondsLeft = 30 - (Math.floor(now.getTime() / 1000) % 30);
const given = process.argv[2]?.replace(/\s+/g, '').toUpperCase();
const rows = given
  ? [{ email: 'secret', code: demoTotpCode(given, now) }]
  : demoStaff.map((person) => ({ email: person.email, code: demoTotpCode(person.totpSecret, now) }));
for (const row of rows) console.log(`${row.code}  ${row.email}`);
console.log(`(valid ${secondsLeft} s more; each code works once)`);
