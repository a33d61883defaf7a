import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionArchitectures } from '../bundling';
import { must, type SynthesizedParvis, synthParvis } from '../test/parvis-app';
import { buckets, consumers, env, type QueueKey, queues, schedules } from '../wiring';
import { access, rate, reservedConcurrency } from './functions-stack';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('FunctionsStack (whole app synthesized, functions bundled)', () => {
  let parvis: SynthesizedParvis;
  let resources: Record<string, Resource>;

  beforeAll(() => {
    parvis = synthParvis();
    resources = parvis.template(parvis.stacks.functions).toJSON().Resources;
  });
  afterAll(() => parvis?.dispose());

  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const functionId = (name: string): string => {
    const found = ofType('AWS::Lambda::Function').find(
      ([, r]) => r.Properties.FunctionName === `parvis-dev-${name}`,
    );
    if (!found) throw new Error(`No function parvis-dev-${name}`);
    return found[0];
  };
  /** The import by which the functions stack refers to a messaging queue's ARN. */
  const queueArnImport = (key: QueueKey) =>
    parvis.importOf(parvis.stacks.messaging, parvis.stacks.messaging.queues[key], 'Arn');

  it('has one function per wiring consumer and schedule, and nothing else', () => {
    const names = ofType('AWS::Lambda::Function').map(([, r]) => r.Properties.FunctionName);
    expect(names.sort()).toEqual([...consumers, ...schedules].map((f) => `parvis-dev-${f.name}`).sort());
  });

  describe.each(consumers.map((c) => [c.name, c] as const))('consumer %s', (name, consumer) => {
    it('has its timeout and memory', () => {
      const fn = resources[functionId(name)];
      expect(fn?.Properties).toMatchObject({
        Timeout: consumer.timeoutSeconds,
        MemorySize: consumer.memoryMb,
      });
    });

    it.each(consumer.sources.map((s) => [s.queue, s] as const))(
      'reads %s: one event source mapping with its batch size, window, concurrency and partial failures',
      (queue, source) => {
        const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(
          ([, r]) =>
            JSON.stringify(r.Properties.FunctionName) === JSON.stringify({ Ref: functionId(name) }) &&
            JSON.stringify(r.Properties.EventSourceArn) === JSON.stringify(queueArnImport(queue)),
        );
        expect(mappings).toHaveLength(1);
        const properties = mappings[0]?.[1].Properties;
        expect(properties).toMatchObject({
          BatchSize: source.batchSize,
          ScalingConfig: { MaximumConcurrency: source.maxConcurrency },
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
        expect(properties?.MaximumBatchingWindowInSeconds ?? 0).toBe(source.maxBatchingWindowSeconds);
      },
    );
  });

  it('has exactly one event source mapping per wiring source', () => {
    expect(ofType('AWS::Lambda::EventSourceMapping')).toHaveLength(
      consumers.flatMap((c) => c.sources).length,
    );
  });

  describe.each(schedules.map((s) => [s.name, s] as const))('schedule %s', (name, schedule) => {
    it('is an EventBridge Scheduler schedule at its rate, invoking its function through its own role', () => {
      const found = ofType('AWS::Scheduler::Schedule').filter(
        ([, r]) =>
          JSON.stringify((r.Properties.Target as { Arn: unknown }).Arn) ===
          JSON.stringify({ 'Fn::GetAtt': [functionId(name), 'Arn'] }),
      );
      expect(found).toHaveLength(1);
      expect(found[0]?.[1].Properties).toMatchObject({
        ScheduleExpression: rate(schedule.everyMinutes),
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
      });
      expect(resources[functionId(name)]?.Properties).toMatchObject({
        Timeout: schedule.timeoutSeconds,
        MemorySize: schedule.memoryMb,
      });
    });
  });

  it('has exactly one schedule per wiring schedule', () => {
    expect(ofType('AWS::Scheduler::Schedule')).toHaveLength(schedules.length);
  });

  it('runs every function on Node.js 24, arm64 (x86_64 where infra/bundling.ts says why), ESM bundle, with its own log group', () => {
    for (const [, fn] of ofType('AWS::Lambda::Function')) {
      const name = String(fn.Properties.FunctionName).replace(/^parvis-dev-/, '');
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: [functionArchitectures[name] ?? 'arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
    for (const [, group] of ofType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('gives every function every variable named in wiring env', () => {
    const names = [
      env.tableName,
      env.sesConfigurationSet,
      env.mailFrom,
      env.siteUrl,
      env.mailPolicy,
      ...(Object.keys(queues) as QueueKey[]).map(env.queueUrl),
      ...(Object.keys(buckets) as (keyof typeof buckets)[]).map(env.bucketName),
    ];
    for (const [, fn] of ofType('AWS::Lambda::Function')) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables)).toEqual(expect.arrayContaining(names));
      expect(variables[env.sesConfigurationSet]).toBe('parvis-dev');
      expect(variables[env.mailFrom]).toBe('noreply@example.org');
      expect(JSON.parse(variables[env.mailPolicy] as string)).toMatchObject({ massCapPer24h: 500 });
    }
  });

  it('grants least privilege: SES only to send-email, scoped; queues and buckets only where access says', () => {
    const template = parvis.template(parvis.stacks.functions);
    const policies = ofType('AWS::IAM::Policy');
    const statementsOf = (name: string) => {
      const fn = must(resources[functionId(name)], `function ${name}`);
      const roleRef = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const policy = policies.find(
        ([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleRef }]),
      );
      const [, found] = must(policy, `policy of ${name}`);
      return (found.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement;
    };
    for (const fn of [...consumers, ...schedules]) {
      const actions = statementsOf(fn.name).flatMap((s) => s.Action);
      expect(actions.some((a) => a.startsWith('ses:'))).toBe(access[fn.name]?.sendEmail === true);
      expect(actions.includes('sqs:SendMessage')).toBe((access[fn.name]?.sendTo ?? []).length > 0);
      // S3 only where access names buckets (process-image: originals and renditions, ORG-06).
      expect(actions.some((a) => a.startsWith('s3:'))).toBe(
        Object.keys(access[fn.name]?.objects ?? {}).length > 0,
      );
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions.some((a) => a.includes('*'))).toBe(false);
    }
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'ses:SendEmail',
            Resource: Match.arrayWith([
              { 'Fn::Join': ['', Match.arrayWith([':configuration-set/parvis-dev'])] },
              { 'Fn::Join': ['', Match.arrayWith([':identity/example.org'])] },
            ]),
          }),
        ]),
      },
    });
  });

  it('reserves each consumer the sum of its sources’ maxConcurrency, each schedule its wiring value', () => {
    for (const consumer of consumers) {
      const total = consumer.sources.reduce((sum, source) => sum + source.maxConcurrency, 0);
      expect(reservedConcurrency(consumer)).toBe(total);
      expect(
        resources[functionId(consumer.name)]?.Properties.ReservedConcurrentExecutions,
        consumer.name,
      ).toBe(total);
    }
    for (const schedule of schedules) {
      expect(schedule.reservedConcurrency).toBeGreaterThanOrEqual(1);
      expect(schedule.reservedConcurrency).toBeLessThanOrEqual(2);
      expect(resources[functionId(schedule.name)]?.Properties.ReservedConcurrentExecutions).toBe(
        schedule.reservedConcurrency,
      );
    }
    // The web server shares the unreserved pool, uncapped (see the functions stack's comment).
    const web = Object.values(
      parvis.template(parvis.stacks.web).toJSON().Resources as Record<string, Resource>,
    ).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'parvis-dev-web');
    expect(must(web, 'web server').Properties.ReservedConcurrentExecutions).toBeUndefined();
    // The runbook states what a stage takes from the account's pool.
    const reserved = ofType('AWS::Lambda::Function').reduce(
      (sum, [, fn]) => sum + Number(fn.Properties.ReservedConcurrentExecutions ?? 0),
      0,
    );
    const runbook = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    expect(runbook).toContain(`reserve ${reserved} concurrent executions per stage`);
    expect(runbook).toContain(`at least 100 + ${reserved} × the number of stages`);
  });

  it('a schedule’s tick is never retried nor kept past its period', () => {
    for (const schedule of schedules) {
      const config = ofType('AWS::Lambda::EventInvokeConfig').find(
        ([, r]) =>
          JSON.stringify(r.Properties.FunctionName) === JSON.stringify({ Ref: functionId(schedule.name) }),
      );
      expect(config?.[1].Properties).toMatchObject({
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: Math.max(60, schedule.everyMinutes * 60),
      });
    }
  });

  it('PLAT-03 traces every function with X-Ray (active), granted only the two X-Ray actions', () => {
    const functions = [
      ...ofType('AWS::Lambda::Function').map(([, fn]) => fn),
      ...Object.values(
        parvis.template(parvis.stacks.web).toJSON().Resources as Record<string, Resource>,
      ).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'parvis-dev-web'),
    ];
    expect(functions).toHaveLength(consumers.length + schedules.length + 1);
    for (const fn of functions) {
      expect(fn.Properties.TracingConfig, String(fn.Properties.FunctionName)).toEqual({ Mode: 'Active' });
      // Text log format: the operations stack's metric filters match words of the text lines.
      expect((fn.Properties.LoggingConfig as { LogFormat?: string }).LogFormat ?? 'Text').toBe('Text');
    }
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      const statements = (
        policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
      ).Statement;
      for (const statement of statements.filter((s) => s.Resource === '*')) {
        expect(statement.Action).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    }
  });

  it('uses no AWS-managed policy and no VPC', () => {
    for (const [, role] of ofType('AWS::IAM::Role'))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    for (const [, fn] of ofType('AWS::Lambda::Function')) expect(fn.Properties.VpcConfig).toBeUndefined();
  });
});

describe('mailFrom with or without a display name (functions stack, bundling skipped)', () => {
  const synthesized: SynthesizedParvis[] = [];
  afterAll(() => {
    for (const parvis of synthesized) parvis.dispose();
  });

  const sesStatement = (mailFrom: string) => {
    const parvis = synthParvis({ mailFrom, 'aws:cdk:bundling-stacks': [] });
    synthesized.push(parvis);
    const resources = parvis.template(parvis.stacks.functions).toJSON().Resources as Record<string, Resource>;
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap(
        (p) =>
          (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
      )
      .filter((s) => JSON.stringify(s.Action).includes('ses:'));
    expect(statements).toHaveLength(1);
    const sender = Object.values(resources).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'parvis-dev-send-email',
    );
    const variables = (
      must(sender, 'send-email').Properties.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    const statement = must(statements[0], 'the SES statement');
    const tails = (statement.Resource as { 'Fn::Join': [string, unknown[]] }[]).map((r) =>
      String(r['Fn::Join'][1].at(-1)),
    );
    return { tails, mailFromVariable: variables[env.mailFrom], actions: statement.Action };
  };

  it.each([
    ['bare address', 'noreply@ecole.example'],
    ['display name', 'Parvis <noreply@ecole.example>'],
    ['quoted display name', '"Parvis, billetterie" <noreply@ecole.example>'],
  ])(
    '%s: grants SendEmail on the domain and the bare address identities and the configuration set',
    (_label, mailFrom) => {
      const { tails, mailFromVariable, actions } = sesStatement(mailFrom);
      expect(actions).toEqual('ses:SendEmail');
      expect(tails.sort()).toEqual(
        [
          ':configuration-set/parvis-dev',
          ':identity/ecole.example',
          ':identity/noreply@ecole.example',
        ].sort(),
      );
      for (const tail of tails) expect(tail).not.toMatch(/[<>" ]|Parvis/);
      // The functions send as given: SES v2 takes the display form as FromEmailAddress.
      expect(mailFromVariable).toBe(mailFrom);
    },
  );
});
