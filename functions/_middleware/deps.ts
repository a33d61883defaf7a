import { createDeps } from '../../shared/adapters/create-deps';
import type { Deps } from '../../shared/deps';

let deps: Deps | undefined;

/** The use cases' dependencies, built on first use and kept for the container's life. */
export function containerDeps(): Deps {
  deps ??= createDeps(process.env, { function: process.env.AWS_LAMBDA_FUNCTION_NAME });
  return deps;
}
