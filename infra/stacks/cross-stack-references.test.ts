import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteUrlParameterName } from '../config';
import { type SynthesizedParvis, synthParvis } from '../test/parvis-app';
import { env } from '../wiring';

type Template = {
  Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }>;
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
};

/**
 * The documented deploys of one stage (docs/operations.md): a first deploy without any site URL,
 * then the same stage with `-c siteUrl=<the SiteUrl output>`, or with a custom domain; later an
 * ops e-mail and an origin secret rotation. Bundling is skipped: it changes the code assets, never
 * a reference between stacks.
 */
const steps: [string, Record<string, unknown>][] = [
  ['first deploy', {}],
  ['with siteUrl', { siteUrl: 'https://d111111abcdef8.cloudfront.net' }],
  [
    'with siteDomain',
    {
      siteDomain: 'billets.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
    },
  ],
  [
    'with ops e-mail and a rotated origin secret',
    {
      siteUrl: 'https://d111111abcdef8.cloudfront.net',
      opsEmail: 'ops@example.org',
      originSecretVersion: '6f1c1b55-3c4a-4bc4-9a57-0f5d4e1a2b3c',
    },
  ],
];

describe('no stack imports a value that a later documented deploy changes or removes', () => {
  const synthesized = new Map<string, SynthesizedParvis>();
  beforeAll(() => {
    for (const [label, context] of steps) {
      synthesized.set(label, synthParvis({ ...context, 'aws:cdk:bundling-stacks': [] }));
    }
  });
  afterAll(() => {
    for (const parvis of synthesized.values()) parvis.dispose();
  });

  const templates = (label: string): Record<string, Template> => {
    const parvis = synthesized.get(label);
    if (!parvis) throw new Error(`not synthesized: ${label}`);
    return Object.fromEntries(
      Object.values(parvis.stacks).map((stack) => [
        stack.stackName,
        parvis.template(stack).toJSON() as Template,
      ]),
    );
  };
  /** Export name → its value, over every stack of one assembly. */
  const exportsOf = (label: string) => {
    const found = new Map<string, string>();
    for (const template of Object.values(templates(label))) {
      for (const output of Object.values(template.Outputs ?? {})) {
        if (output.Export) found.set(output.Export.Name, JSON.stringify(output.Value));
      }
    }
    return found;
  };
  /** Every Fn::ImportValue name used by each stack of one assembly. */
  const importsOf = (label: string) => {
    const found: { stack: string; name: string }[] = [];
    for (const [stack, template] of Object.entries(templates(label))) {
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          for (const [key, value] of Object.entries(node)) {
            if (key === 'Fn::ImportValue') found.push({ stack, name: JSON.stringify(value) });
            else walk(value);
          }
        }
      };
      walk(template.Resources);
      walk(template.Outputs ?? {});
    }
    return found;
  };

  it('every stack imports the same exports, with the same values, in every step (both directions)', () => {
    for (const [from] of steps) {
      for (const [to] of steps) {
        if (from === to) continue;
        // Deploying `to` over a stage deployed as `from`: an export that `from` imports must still
        // be exported by `to` with the same value, or CloudFormation refuses to update the producer.
        const exported = exportsOf(to);
        const before = exportsOf(from);
        for (const { stack, name } of importsOf(from)) {
          const exportName = JSON.parse(name) as string;
          expect(typeof exportName, `${stack} imports a computed name ${name}`).toBe('string');
          expect(exported.get(exportName), `${from} → ${to}: ${stack} imports ${exportName}`).toBe(
            before.get(exportName),
          );
        }
      }
    }
  });

  it('the functions stack takes the site URL from the web stack’s SSM parameter, by name, in every step', () => {
    for (const [label, context] of steps) {
      const all = templates(label);
      const functions = all['parvis-dev-functions'] as Template;
      const [parameterId, parameter] =
        Object.entries(functions.Parameters ?? {}).find(([, p]) => p.Default === '/parvis/dev/site-url') ??
        [];
      expect(parameter?.Type, label).toBe('AWS::SSM::Parameter::Value<String>');
      expect(siteUrlParameterName({ stage: 'dev' })).toBe('/parvis/dev/site-url');
      for (const fn of Object.values(functions.Resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
        const environment = fn.Properties?.Environment as { Variables: Record<string, unknown> } | undefined;
        const variables = environment?.Variables ?? {};
        expect(variables[env.siteUrl], label).toEqual({ Ref: parameterId });
      }
      // …which the web stack writes: the CloudFront domain, else the given origin.
      const web = all['parvis-dev-web'] as Template;
      const written = Object.values(web.Resources).filter(
        (r) => r.Type === 'AWS::SSM::Parameter' && r.Properties?.Name === '/parvis/dev/site-url',
      );
      expect(written, label).toHaveLength(1);
      const value = written[0]?.Properties?.Value;
      if ('siteDomain' in context) expect(value).toBe('https://billets.example.org');
      else if ('siteUrl' in context) expect(value).toBe(context.siteUrl);
      else {
        expect(JSON.stringify(value)).toMatch(/"Fn::GetAtt":\["Distribution[0-9A-F]+","DomainName"\]/);
      }
    }
  });

  it('the web stack exports nothing that depends on the distribution or the site URL', () => {
    for (const [label] of steps) {
      for (const [name, value] of exportsOf(label)) {
        expect(`${name} ${value}`, label).not.toMatch(/Distribution|SiteUrl/);
      }
    }
  });

  it('the functions stack is deployed after the web stack, whose parameter it reads', () => {
    const parvis = synthesized.get('first deploy');
    const dependencies = parvis?.stacks.functions.dependencies.map((stack) => stack.stackName);
    expect(dependencies).toContain('parvis-dev-web');
  });
});
