import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { copyCommands, nativeModuleCopies, type PrebuildTarget } from '../bundling';
import { buildWebServer } from '../web-bundling';
import type { WebBuild } from './web-build';

/**
 * The web server's asset, built on this machine at synthesis: the wrapper and the SvelteKit server
 * build split per route (infra/web-bundling.ts, decision 0012), the prerendered pages beside
 * `index.mjs` (the server serves them as files), and argon2 with the Lambda's binary only
 * (node_modules/argon2/prebuilds/<target>/*.glibc.node, decision 0007). NodejsFunction cannot build
 * it: it always gives esbuild one `--outfile`, and splitting needs an output folder.
 */
export function webServerCode(build: WebBuild, prebuilds: PrebuildTarget): lambda.Code {
  return lambda.Code.fromAsset(build.root, {
    // The asset is identified by what was built, not by the sources it was built from.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: local bundling below always builds (or fails synthesis), as for every Parvis
      // function (no Docker).
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      local: {
        tryBundle(outputDir) {
          buildWebServer(build.handler, outputDir);
          const commands = [
            ...(existsSync(build.prerendered)
              ? [`cp -R "${build.prerendered}" "${outputDir}/prerendered"`]
              : []),
            ...copyCommands(nativeModuleCopies(prebuilds), outputDir),
          ];
          for (const command of commands) {
            const result = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
            if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
          }
          return true;
        },
      },
    },
  });
}
