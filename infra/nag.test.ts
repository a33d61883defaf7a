import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { addNagChecks } from './nag';
import { type SynthesizedParvis, synthParvis } from './test/parvis-app';

interface NagMetadata {
  Metadata?: { cdk_nag?: { rules_to_suppress?: { id: string; reason: string }[] } };
}

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string }[] }[];
}

describe('PLAT-03 cdk-nag AwsSolutions and Serverless on the whole app', () => {
  const synthesized: SynthesizedParvis[] = [];
  afterAll(() => {
    for (const parvis of synthesized) parvis.dispose();
  });

  const report = (parvis: SynthesizedParvis): ValidationReport =>
    JSON.parse(readFileSync(join(parvis.assembly.directory, 'validation-report.json'), 'utf8'));

  it.each([
    ['default context (CloudFront domain, no ops e-mail)', {}],
    [
      'custom domain and ops e-mail',
      {
        stage: 'prod',
        siteDomain: 'parvis.example.org',
        certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
        opsEmail: 'ops@example.org',
        mailFrom: 'Parvis <billetterie@example.org>',
      },
    ],
  ])('synthesizes with zero unacknowledged findings: %s', (_label, context) => {
    // Synthesis itself throws when a plugin reports a violation; the report confirms it ran clean.
    const parvis = synthParvis(context);
    synthesized.push(parvis);
    const violations = report(parvis).pluginReports.flatMap((r) =>
      r.violations.map((v) => `${r.pluginName}: ${v.ruleName}`),
    );
    expect(violations).toEqual([]);
    // Both packs ran: their acknowledgements are written into the templates, with a reason each.
    const acknowledged = Object.values(parvis.stacks).flatMap((stack) =>
      Object.values(parvis.template(stack).toJSON().Resources as Record<string, NagMetadata>).flatMap(
        (r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? [],
      ),
    );
    expect(acknowledged.some((a) => a.id.startsWith('AwsSolutions-'))).toBe(true);
    expect(acknowledged.some((a) => a.id.startsWith('Serverless-'))).toBe(true);
    for (const { id, reason } of acknowledged) expect(reason.length, id).toBeGreaterThan(40);
    if ('siteDomain' in context) {
      // With its own certificate the site refuses TLS < 1.2, so CFR4 needs no acknowledgement.
      const web = parvis.template(parvis.stacks.web).toJSON().Resources as Record<
        string,
        { Type: string; Properties: Record<string, unknown> }
      >;
      const distribution = Object.values(web).find((r) => r.Type === 'AWS::CloudFront::Distribution');
      expect(distribution?.Properties.DistributionConfig).toMatchObject({
        Aliases: ['parvis.example.org'],
        ViewerCertificate: { MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      });
    }
  });

  it('does fail synthesis on a finding of either pack (the plugins are really wired)', () => {
    const app = new App();
    const stack = new Stack(app, 'Bad');
    new sqs.Queue(stack, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    addNagChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS(2|3|4)/);

    // A queue AwsSolutions accepts (encrypted, TLS only, with a DLQ) but whose DLQ has no redrive.
    const serverlessOnly = new App();
    const other = new Stack(serverlessOnly, 'Other');
    const dlq = new sqs.Queue(other, 'Dlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    new sqs.Queue(other, 'Work', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: dlq, maxReceiveCount: 3 },
    });
    addNagChecks(serverlessOnly);
    let failure = '';
    try {
      serverlessOnly.synth();
    } catch (error) {
      failure = String(error);
    }
    expect(failure).toMatch(/Serverless-SQSRedrivePolicy/);
    expect(failure).not.toMatch(/AwsSolutions-/);
  });
});
