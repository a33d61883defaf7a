import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must, type SynthesizedParvis, synthParvis } from '../test/parvis-app';
import { buckets, consumers, env, type QueueKey, queues, schedules } from '../wiring';
import { access, rate } from './functions-stack';

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

  it('runs every function on Node.js 24, arm64, ESM bundle, with its own log group', () => {
    for (const [, fn] of ofType('AWS::Lambda::Function')) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
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

  it('grants least privilege: SES only to send-email, scoped; queues only where access says', () => {
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
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions.some((a) => a.includes('*'))).toBe(false);
    }
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['ses:SendEmail', 'ses:SendRawEmail'],
            Resource: Match.arrayWith([
              { 'Fn::Join': ['', Match.arrayWith([':configuration-set/parvis-dev'])] },
              { 'Fn::Join': ['', Match.arrayWith([':identity/example.org'])] },
            ]),
          }),
        ]),
      },
    });
  });

  it('uses no AWS-managed policy and no VPC', () => {
    for (const [, role] of ofType('AWS::IAM::Role'))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    for (const [, fn] of ofType('AWS::Lambda::Function')) expect(fn.Properties.VpcConfig).toBeUndefined();
  });
});
