import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { createParvis, type ParvisStacks } from '../app';
import { type ParvisConfig, readConfig } from '../config';
import { applyFeatureFlags } from '../feature-flags';
import { addNagChecks } from '../nag';

/** A stand-in SvelteKit build, so infra tests neither need nor wait for `npm run web:build`. */
export const fixtureWebDir = fileURLToPath(new URL('./fixtures/web', import.meta.url));

export interface SynthesizedParvis {
  app: App;
  stacks: ParvisStacks;
  assembly: CloudAssembly;
  template(stack: Stack): Template;
  /** How another stack refers to `attribute` (`Arn`, `QueueName`…) of `construct` in `stack`. */
  importOf(stack: Stack, construct: IConstruct, attribute: string): { 'Fn::ImportValue': string };
  dispose(): void;
}

/**
 * Synthesizes the whole app as `cdk synth` does (functions bundled with esbuild, cdk-nag on), into
 * a temporary directory. Synthesis throws if cdk-nag reports an unacknowledged finding.
 */
export function synthParvis(context: Record<string, unknown> = {}): SynthesizedParvis {
  const outdir = mkdtempSync(join(tmpdir(), 'parvis-cdk-'));
  const app = new App({ outdir, context });
  const stacks = createParvis(app, readConfig(app), { webDir: fixtureWebDir });
  addNagChecks(app);
  const assembly = app.synth();
  const templates = new Map<Stack, Template>();
  return {
    app,
    stacks,
    assembly,
    template(stack) {
      let template = templates.get(stack);
      if (!template) {
        template = Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template);
        templates.set(stack, template);
      }
      return template;
    },
    importOf(stack, construct, attribute) {
      const id = stack.resolve(stack.getLogicalId(construct.node.defaultChild as CfnElement));
      const outputs = (this.template(stack).toJSON().Outputs ?? {}) as Record<
        string,
        { Value: unknown; Export?: { Name: string } }
      >;
      const wanted = JSON.stringify({ 'Fn::GetAtt': [id, attribute] });
      const output = Object.values(outputs).find((o) => JSON.stringify(o.Value) === wanted);
      if (!output?.Export) throw new Error(`${stack.stackName} exports no ${id}.${attribute}`);
      return { 'Fn::ImportValue': output.Export.Name };
    },
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** The value, or a failed test naming what was missing. */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Missing: ${what}`);
  return value;
}

/** An app with the feature flags and config of the real one, to build a stack alone. */
export function bareApp(context: Record<string, unknown> = {}): { app: App; config: ParvisConfig } {
  const app = new App({ context });
  applyFeatureFlags(app);
  return { app, config: readConfig(app) };
}
