import type { TestProject } from 'vitest/node';
import { startTwin } from '../infra/local/twin';
import { env } from '../infra/wiring';

/**
 * Starts the local twin once per test run (engines in memory on free ports, every resource of
 * wiring.ts, the runner with the real functions) and hands its coordinates to the test files, which
 * run in other processes and reach it over HTTP (see tests/twin.ts). Two departures from npm start,
 * both for speed: schedules do not fire on their own (tests fire them with the time they want), and
 * a failed record is retried after 5 s instead of wiring's minutes, so retries and dead letters
 * happen within a test. PARVIS_RUNNER_LOG=1 prints the runner's lines.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const twin = await startTwin({
    siteUrl: 'http://127.0.0.1:5173',
    timers: false,
    visibilityTimeoutSeconds: 5,
    // Function logs only when something goes wrong; PARVIS_RUNNER_LOG=1 shows everything.
    env: { [env.logLevel]: process.env.PARVIS_RUNNER_LOG ? 'info' : 'warn' },
    log: process.env.PARVIS_RUNNER_LOG ? undefined : false,
  });
  project.provide('twin', { env: twin.env, controlUrl: twin.controlUrl, endpoints: twin.endpoints });
  return () => twin.stop();
}
