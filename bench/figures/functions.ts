import { consumers, env, queues, schedules } from '../../infra/wiring';
import { bundleHandler } from '../bundle';
import { coldStartsMs } from '../cold-import';
import type { Figure } from '../figure';

/** Environment a handler needs to load (values are never contacted: importing makes no call). */
const fakeEnv: NodeJS.ProcessEnv = {
  AWS_REGION: 'ca-central-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  [env.tableName]: 'parvis-bench',
  [env.siteUrl]: 'https://parvis.example',
  [env.mailFrom]: 'Parvis <noreply@parvis.example>',
  ...Object.fromEntries(
    Object.keys(queues).map((q) => [env.queueUrl(q as keyof typeof queues), `https://sqs.example/${q}`]),
  ),
};

/**
 * Each function's bundle size (budget 1 MB) and its cold start (process start + module load)
 * relative to a hello-world handler measured in the same rounds (budget 3x).
 */
export async function measure(): Promise<Figure[]> {
  const functions = [...consumers, ...schedules];
  const hello = await bundleHandler('bench/hello.ts');
  const bundles = await Promise.all(functions.map((fn) => bundleHandler(fn.entry)));
  const [helloMs = Number.NaN, ...functionMs] = coldStartsMs(
    [hello.file, ...bundles.map((bundle) => bundle.file)],
    { env: fakeEnv },
  );
  return functions.flatMap((fn, index) => [
    {
      name: `${fn.name} bundle size`,
      value: Math.round((bundles[index]?.bytes ?? 0) / 1024),
      unit: 'KB',
      budget: 1024,
    },
    {
      name: `${fn.name} cold start vs hello`,
      value: (functionMs[index] ?? Number.NaN) / helloMs,
      unit: 'x',
      budget: 3,
    },
  ]);
}
