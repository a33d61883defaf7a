import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionBundling } from '../bundling';

/** Repository root: entries in infra/wiring.ts are relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Node.js 24 on Graviton for every Parvis function (cheaper per GB-second than x86). */
export const runtime = lambda.Runtime.NODEJS_24_X;
export const architecture = lambda.Architecture.ARM_64;

export interface ParvisFunctionProps {
  /** Physical function name (the stage prefix is already in it). */
  functionName: string;
  /**
   * Absolute path of the handler module (it exports `handler`), bundled by NodejsFunction into one
   * file. Or, instead, `code`.
   */
  entry?: string;
  /**
   * An asset built by the caller, whose `index.mjs` exports `handler`: the web server, bundled
   * with code splitting (infra/web-bundling.ts, decision 0012). Exactly one of `entry` and `code`.
   */
  code?: lambda.Code;
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  description?: string;
  /** Default arm64 (`architecture`); x86_64 only for a binary that exists for nothing else (infra/bundling.ts). */
  architecture?: lambda.Architecture;
  /** Extra bundling steps of an `entry` (a native module's files to ship). */
  commandHooks?: nodejs.ICommandHooks;
  /**
   * Concurrency set aside for this function alone (and its ceiling). Unset: the function shares
   * the account's unreserved pool. See the functions stack for who gets one and why.
   */
  reservedConcurrency?: number;
}

/** The log group of a function, by name: alarms and metric filters find it without a reference. */
export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/**
 * One Lambda function the Parvis way: esbuild on this machine (never Docker), ESM for Node 24,
 * minified with source maps, its own log group with a retention, active X-Ray tracing, and a role
 * that starts empty except for writing to that log group and sending traces (no AWS-managed
 * policy): callers add exactly what it needs.
 *
 * Tracing is Lambda's own (Tracing.ACTIVE): the service records each invocation's init, duration
 * and errors with no code in the bundle. The Powertools tracer (or the X-Ray SDK), which would add
 * a segment per AWS SDK call, is deliberately not used: it loads at every cold start and the
 * cold-start budget (bench, decision 0006) has no room for it.
 */
export class ParvisFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ParvisFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: logGroupName(props.functionName),
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.functionName}`,
    });
    this.logGroup.grantWrite(this.role);

    const common = {
      functionName: props.functionName,
      description: props.description,
      runtime,
      architecture: props.architecture ?? architecture,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
      // Adds xray:PutTraceSegments and xray:PutTelemetryRecords to the role (acknowledged below).
      tracing: lambda.Tracing.ACTIVE,
      ...(props.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
    } satisfies lambda.FunctionOptions & { runtime: lambda.Runtime };
    if ((props.entry === undefined) === (props.code === undefined)) {
      throw new Error(`${props.functionName}: give exactly one of entry and code.`);
    }
    this.fn = props.code
      ? new lambda.Function(this, 'Function', { ...common, code: props.code, handler: 'index.handler' })
      : this.bundled(props.entry as string, common, props.commandHooks);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permission, so IAM only accepts "*" for them; no other action of this role has a wildcard.',
    });
  }

  /** NodejsFunction with the settings every Parvis bundle shares (infra/bundling.ts). */
  private bundled(
    entry: string,
    common: lambda.FunctionOptions & { runtime: lambda.Runtime },
    commandHooks: nodejs.ICommandHooks | undefined,
  ): nodejs.NodejsFunction {
    return new nodejs.NodejsFunction(this, 'Function', {
      ...common,
      entry,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: functionBundling.target,
        mainFields: [...functionBundling.mainFields],
        banner: functionBundling.banner,
        minify: functionBundling.minify,
        sourceMap: functionBundling.sourceMap,
        sourcesContent: functionBundling.sourcesContent,
        // Everything is bundled, nothing taken from the runtime: the versions we test are the ones that
        // run. Native addons excepted: a function that imports one ships it (infra/bundling.ts).
        externalModules: [...functionBundling.externalModules],
        forceDockerBundling: false,
        tsconfig: `${repoRoot}tsconfig.json`,
        ...(commandHooks ? { commandHooks } : {}),
      },
    });
  }
}

/**
 * Every item action a Parvis runtime may be given on the table. No Scan: no user path may scan the
 * table (DESIGN, Data). A transaction (TransactWriteItems) is authorized action by action on each
 * item it touches (PutItem, UpdateItem, DeleteItem, ConditionCheckItem), so it has no entry here.
 */
export const tableActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

export type TableAction = (typeof tableActions)[number];

/**
 * `actions` (all of `tableActions` unless narrowed) on the table and each of its indexes, named one
 * by one (no wildcard).
 */
export function grantTableReadWrite(
  role: iam.IRole,
  table: dynamodb.ITable,
  indexNames: string[],
  actions: readonly TableAction[] = tableActions,
): void {
  if (actions.length === 0) return;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [...actions],
      resources: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
    }),
  );
}
