import { ulid } from 'ulid';
import { freePort, loopback } from '../../infra/local/ports';
import { startTwin } from '../../infra/local/twin';
import { startWeb } from '../../infra/local/web-server';
import { env } from '../../infra/wiring';
import { createDeps } from '../../shared/adapters/create-deps';
import { fakeClient } from '../../shared/crm/client.fixtures';
import { createAccount } from '../../shared/identity/log-in';
import { readSentMail } from '../../tests/mail-viewer';
import type { Figure } from '../figure';
import { measureRequests, ms, quantile } from '../latency';
import { ensureSiteBuild } from '../site-build';

/**
 * Issue #11 (decision 0007): log-in and sign-up each answer within p95 250 ms through the web
 * server at 5 concurrent users on this machine, argon2id included.
 */
const p95Budget = 250;
const concurrency = 5;
const requests = 100;
/**
 * Requests before the measure. DynamoDB Local is a JVM sharing this machine's two cores with the
 * site: measured (CPU time per log-in from /proc), it spends about 60 ms per log-in over the first
 * hundred requests and 23 ms once its JIT has compiled the hot paths, after about 300; the site's
 * own CPU time per log-in falls from 55 to 40 ms the same way. The measure is of the steady state a
 * running server is in, not of the twin's start (on AWS, DynamoDB is not on the function's CPU).
 */
const warmUp = 300;
/** Accounts the log-ins take turns on: five users at once are five different people. */
const accounts = 25;
const password = 'Un mot de passe de démonstration 2026';

/**
 * The client addresses the requests come from, in 198.18.0.0/15 (RFC 2544, for benchmarks): every
 * sign-up its own, as 400 people signing up are 400 connections. The site limits sign-ups per
 * client address (shared/crm/sign-up-client.ts `signUpThrottle`, 30 an hour), so 400 from
 * 127.0.0.1 would be refused after the thirtieth. The server takes the address from
 * `x-forwarded-for` (adapter-node's `ADDRESS_HEADER`, set for this server only, as a proxy in front
 * of it would); every request must then carry one. Log-ins take turns on their accounts' own.
 */
const signUpAddress = (index: number) => `198.18.${index >> 8}.${index & 255}`;
const logInAddress = (index: number) => `198.19.0.${index % accounts}`;

/** What the browser sends with a form posted without JavaScript, from `clientAddress`. */
function formPost(origin: string, clientAddress: string, fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: {
      origin,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      'accept-language': 'fr-CA,fr;q=0.9',
      'x-forwarded-for': clientAddress,
    },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  };
}

/** Fails the measure unless the action answered its 303 to `expected` (and, for log-in, the cookie). */
async function expectRedirect(response: Response, what: string, check: (location: string) => boolean) {
  const location = response.headers.get('location') ?? '';
  const body = await response.text();
  if (response.status !== 303 || !check(location)) {
    throw new Error(
      `${what} answered ${response.status} ${location} instead of its 303 (a stale web/build? run npm run web:build): ${body.slice(0, 300)}`,
    );
  }
}

/**
 * Log-in and sign-up as a browser without JavaScript does them, through the built site
 * (web/build, on Node, as `npm start` runs it) over an in-memory twin: form posts to
 * `/fr/connexion` and `/fr/inscription` from 5 users at once, each sending its next request when
 * the last one answered, 100 of each after 300 for warm-up (`warmUp`). A log-in is a success only
 * with its 303 and its `parvis_session` cookie; a sign-up only with its 303 to « Vérifiez vos courriels ».
 * Log-ins go to 25 accounts made beforehand (`createAccount`); sign-ups create new files and
 * accounts (Québec people from shared/crm/client.fixtures.ts) and queue their verification e-mails.
 * The warm-up's e-mails are sent as they come; the measured ones wait while the twin's consumers
 * are paused and are sent afterwards, and the measure fails unless each of them reached the SES
 * twin. p95 budgeted; medians printed for reference.
 */
export async function measure(): Promise<Figure[]> {
  ensureSiteBuild();
  const twin = await startTwin({ timers: false, log: false, env: { [env.logLevel]: 'warn' } });
  const lines: string[] = [];
  let web: Awaited<ReturnType<typeof startWeb>> | undefined;
  try {
    const port = await freePort();
    const origin = `http://${loopback}:${port}`;
    web = await startWeb({
      env: { ...twin.env, [env.siteUrl]: origin, ADDRESS_HEADER: 'x-forwarded-for' },
      port,
      siteUrl: origin,
      onLine: (line) => lines.push(line),
    });
    const deps = createDeps(twin.env, { component: 'bench' });
    const run = ulid().toLowerCase();
    const emails = Array.from({ length: accounts }, (_, i) => `banc+${run}-${i}@example.org`);
    for (const email of emails) await createAccount(deps, { email, password });

    const logIn = async (index: number) => {
      const response = await fetch(
        `${origin}/fr/connexion`,
        formPost(origin, logInAddress(index), { email: emails[index % accounts] ?? '', password }),
      );
      await expectRedirect(response, 'log-in', () =>
        response.headers.getSetCookie().some((cookie) => cookie.startsWith('parvis_session=')),
      );
    };
    await measureRequests(warmUp, concurrency, logIn);
    const logIns = await measureRequests(requests, concurrency, logIn);

    const signUp = async (index: number) => {
      const person = fakeClient(index, { country: 'CA', withEmail: true, tag: run });
      const response = await fetch(
        `${origin}/fr/inscription`,
        formPost(origin, signUpAddress(index), {
          salutation: person.salutation,
          firstName: person.firstName,
          lastName: person.lastName,
          email: person.email ?? '',
          password,
          phone: person.phone ?? '',
          'address.street': person.address.street,
          'address.city': person.address.city,
          'address.region': person.address.region,
          'address.postalCode': person.address.postalCode,
          'address.country': person.address.country,
          locale: person.locale,
        }),
      );
      await expectRedirect(response, 'sign-up', (location) =>
        location.endsWith('/inscription/courriel-envoye'),
      );
    };
    await measureRequests(warmUp, concurrency, signUp);
    await twin.runner.idle(120_000);
    // The measured sign-ups' e-mails wait in their queue and are sent right after: on AWS the
    // e-mail function runs in containers of its own, not on the site's CPU as it would here.
    twin.runner.pause();
    const signUps = await measureRequests(requests, concurrency, (index) => signUp(warmUp + index));
    twin.runner.resume();
    await twin.runner.idle(120_000);
    const measured = new RegExp(`\\.(\\d+)\\.${run}@`);
    const sent = (await readSentMail({ endpoint: twin.endpoints.ses })).filter((mail) =>
      mail.to.some((to) => Number(measured.exec(to)?.[1] ?? -1) >= warmUp),
    );
    if (sent.length !== requests) {
      throw new Error(`the ${requests} measured sign-ups sent ${sent.length} verification e-mails`);
    }

    return [
      {
        name: `log-in through the web server p95, ${concurrency} users`,
        value: ms(quantile(logIns, 0.95)),
        unit: 'ms',
        budget: p95Budget,
      },
      {
        name: `log-in through the web server median, ${concurrency} users`,
        value: ms(quantile(logIns, 0.5)),
        unit: 'ms',
        budget: 'reference',
      },
      {
        name: `sign-up through the web server p95, ${concurrency} users`,
        value: ms(quantile(signUps, 0.95)),
        unit: 'ms',
        budget: p95Budget,
      },
      {
        name: `sign-up through the web server median, ${concurrency} users`,
        value: ms(quantile(signUps, 0.5)),
        unit: 'ms',
        budget: 'reference',
      },
    ];
  } catch (error) {
    if (lines.length > 0) console.error(`web server's last lines:\n${lines.slice(-20).join('\n')}`);
    throw error;
  } finally {
    await web?.stop();
    await twin.stop();
  }
}
