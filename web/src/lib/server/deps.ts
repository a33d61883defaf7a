import { createDeps } from '$shared/adapters/create-deps';
import type { Deps } from '$shared/deps';

let deps: Deps | undefined;

/**
 * The use cases' dependencies, built on the first request and kept for the server's (or the Lambda
 * container's) life: SDK clients are built once, each domain's ElectroDB service on first use.
 */
export function serverDeps(): Deps {
  deps ??= createDeps(process.env, { component: 'web' });
  return deps;
}
