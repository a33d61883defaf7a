import type { Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { AwsCall } from '../../tests/twin';

/**
 * The pieces of infra/iam.test.ts: what IAM action each AWS SDK command needs, on which resource;
 * a resolver that turns the template's intrinsic functions into comparable strings; and the check
 * of one role's statements against what its function's code called.
 */

/** One IAM action the code needs, on one of `resources` (any of them authorizes it). */
export interface Need {
  action: string;
  resources: string[];
  /** The call it comes from, `DynamoDBClient QueryCommand`, for the failure message. */
  from: string;
}

/**
 * Where the names a call carries (local table name, queue URL, sender…) point in the
 * synthesized app: canonical ARNs (see TemplateResolver), or undefined for a name the app does
 * not know (the test then fails naming it).
 */
export interface ResourceMap {
  table(name: string | undefined): string | undefined;
  /** The index's ARN; undefined when the table is unknown. */
  index(table: string | undefined, index: string): string | undefined;
  queue(url: string | undefined): string | undefined;
  /** The SES identities that may authorize sending from this address (domain, or the address itself). */
  sesIdentities(from: string | undefined): string[] | undefined;
  configurationSet(name: string | undefined): string | undefined;
  bucket(name: string | undefined): string | undefined;
}

type Derive = (input: AwsCall['input'], resources: ResourceMap) => { action: string; resource: Resolved }[];

/** A resource as a call names it: resolved to its ARNs, or the name the map did not know. */
type Resolved = { arns: string[] } | { unknown: string };

const known = (arn: string | undefined, what: string): Resolved =>
  arn ? { arns: [arn] } : { unknown: what };

function tableOrIndex(input: AwsCall['input'], resources: ResourceMap): Resolved {
  if (input.IndexName) {
    return known(
      resources.index(input.TableName, input.IndexName),
      `index ${input.IndexName} of table ${input.TableName}`,
    );
  }
  return known(resources.table(input.TableName), `table ${input.TableName}`);
}

const onTable =
  (action: string): Derive =>
  (input, resources) => [{ action, resource: tableOrIndex(input, resources) }];

/** A batch names its tables in RequestItems (the call log keeps their names only). */
const onBatchTables =
  (action: string): Derive =>
  (input, resources) =>
    (input.RequestItems ?? [input.TableName]).map((name) => ({
      action,
      resource: known(resources.table(name), `table ${name}`),
    }));

/** IAM authorizes a transaction item by item, each with the action of a lone call (no Transact* action). */
const transactionItemActions: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  Get: 'dynamodb:GetItem',
};

const onTransactionItems: Derive = (input, resources) =>
  (input.TransactItems ?? []).flatMap((item) =>
    Object.entries(item).map(([kind, target]) => {
      const action = transactionItemActions[kind];
      if (!action) throw new Error(`Unknown transaction item kind ${kind}: add it to transactionItemActions`);
      return { action, resource: known(resources.table(target?.TableName), `table ${target?.TableName}`) };
    }),
  );

const onQueue =
  (action: string): Derive =>
  (input, resources) => [
    { action, resource: known(resources.queue(input.QueueUrl), `queue ${input.QueueUrl}`) },
  ];

const onBucket =
  (action: string, objects: boolean): Derive =>
  (input, resources) => {
    const bucket = resources.bucket(input.Bucket);
    return [
      { action, resource: known(bucket && (objects ? `${bucket}/*` : bucket), `bucket ${input.Bucket}`) },
    ];
  };

/**
 * SES v2 SendEmail is authorized on the sending identity (IAM accepts the domain or the address
 * identity, whichever is verified) and on the configuration set the call names, if any.
 */
const sendEmail: Derive = (input, resources) => {
  const identities = resources.sesIdentities(input.FromEmailAddress);
  const needs: ReturnType<Derive> = [
    {
      action: 'ses:SendEmail',
      resource: identities ? { arns: identities } : { unknown: `sender ${input.FromEmailAddress}` },
    },
  ];
  if (input.ConfigurationSetName) {
    needs.push({
      action: 'ses:SendEmail',
      resource: known(
        resources.configurationSet(input.ConfigurationSetName),
        `configuration set ${input.ConfigurationSetName}`,
      ),
    });
  }
  return needs;
};

/**
 * The IAM actions of each SDK command, by `<client> <command>`. The document client's commands
 * (GetCommand…) and the low-level ones (GetItemCommand…) need the same actions. A command missing
 * here fails the test with its name: this map grows with the code.
 */
export const commandActions: Record<string, Derive> = {
  'DynamoDBClient GetItemCommand': onTable('dynamodb:GetItem'),
  'DynamoDBClient GetCommand': onTable('dynamodb:GetItem'),
  'DynamoDBClient PutItemCommand': onTable('dynamodb:PutItem'),
  'DynamoDBClient PutCommand': onTable('dynamodb:PutItem'),
  'DynamoDBClient UpdateItemCommand': onTable('dynamodb:UpdateItem'),
  'DynamoDBClient UpdateCommand': onTable('dynamodb:UpdateItem'),
  'DynamoDBClient DeleteItemCommand': onTable('dynamodb:DeleteItem'),
  'DynamoDBClient DeleteCommand': onTable('dynamodb:DeleteItem'),
  'DynamoDBClient QueryCommand': onTable('dynamodb:Query'),
  'DynamoDBClient ScanCommand': onTable('dynamodb:Scan'),
  'DynamoDBClient BatchGetItemCommand': onBatchTables('dynamodb:BatchGetItem'),
  'DynamoDBClient BatchGetCommand': onBatchTables('dynamodb:BatchGetItem'),
  'DynamoDBClient BatchWriteItemCommand': onBatchTables('dynamodb:BatchWriteItem'),
  'DynamoDBClient BatchWriteCommand': onBatchTables('dynamodb:BatchWriteItem'),
  'DynamoDBClient TransactWriteItemsCommand': onTransactionItems,
  'DynamoDBClient TransactWriteCommand': onTransactionItems,
  'DynamoDBClient TransactGetItemsCommand': onTransactionItems,
  'DynamoDBClient TransactGetCommand': onTransactionItems,
  'SQSClient SendMessageCommand': onQueue('sqs:SendMessage'),
  'SQSClient SendMessageBatchCommand': onQueue('sqs:SendMessage'),
  'SQSClient ReceiveMessageCommand': onQueue('sqs:ReceiveMessage'),
  'SQSClient DeleteMessageCommand': onQueue('sqs:DeleteMessage'),
  'SQSClient DeleteMessageBatchCommand': onQueue('sqs:DeleteMessage'),
  'SQSClient ChangeMessageVisibilityCommand': onQueue('sqs:ChangeMessageVisibility'),
  'SQSClient ChangeMessageVisibilityBatchCommand': onQueue('sqs:ChangeMessageVisibility'),
  'SQSClient GetQueueAttributesCommand': onQueue('sqs:GetQueueAttributes'),
  'SESv2Client SendEmailCommand': sendEmail,
  'S3Client PutObjectCommand': onBucket('s3:PutObject', true),
  'S3Client GetObjectCommand': onBucket('s3:GetObject', true),
  'S3Client HeadObjectCommand': onBucket('s3:GetObject', true),
  'S3Client DeleteObjectCommand': onBucket('s3:DeleteObject', true),
  'S3Client ListObjectsV2Command': onBucket('s3:ListBucket', false),
};

/**
 * What a function's calls need: one Need per distinct action and resource. Throws on a command the
 * map does not know; collects the names it could not place in `unknown`.
 */
export function deriveNeeds(calls: AwsCall[], resources: ResourceMap): { needs: Need[]; unknown: string[] } {
  const needs = new Map<string, Need>();
  const unknown = new Set<string>();
  for (const call of calls) {
    const from = `${call.client} ${call.command}`;
    const derive = commandActions[from];
    if (!derive) {
      throw new Error(
        `No IAM action known for ${from} (called by ${call.function}): add it to commandActions in infra/test/iam.ts`,
      );
    }
    for (const { action, resource } of derive(call.input, resources)) {
      if ('unknown' in resource) {
        unknown.add(`${from} names ${resource.unknown}, which the app does not define`);
        continue;
      }
      const key = `${action} ${resource.arns.join('|')}`;
      if (!needs.has(key)) needs.set(key, { action, resources: resource.arns, from });
    }
  }
  return { needs: [...needs.values()], unknown: [...unknown] };
}

/** A policy statement with its resources resolved to canonical strings. */
export interface Statement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
  /** NotAction or NotResource: reported as is (a Condition only narrows, and is ignored). */
  unsupported?: string;
}

/**
 * Turns CloudFormation values into comparable strings, across the app's stacks: an import is
 * followed to the output that exports it, an SSM-typed parameter becomes `${ssm:<name>}`, and a
 * resource's attribute becomes `${<stack>/<logicalId>.<attribute>}`, so the table's ARN reads the
 * same in the data stack and wherever it is imported.
 */
export class TemplateResolver {
  private readonly templates = new Map<string, Template>();
  private readonly exports = new Map<string, { stack: string; value: unknown }>();

  constructor(assembly: CloudAssembly) {
    for (const artifact of assembly.stacks) {
      const template = artifact.template as Template;
      this.templates.set(artifact.stackName, template);
      for (const output of Object.values(template.Outputs ?? {})) {
        const name = output.Export?.Name;
        if (typeof name === 'string')
          this.exports.set(name, { stack: artifact.stackName, value: output.Value });
      }
    }
  }

  template(stack: string): Template {
    const template = this.templates.get(stack);
    if (!template) throw new Error(`No stack ${stack} in the assembly`);
    return template;
  }

  /** A construct's token (an ARN, a name) as it reads in `stack`'s template, resolved. */
  token(stack: Stack, value: unknown): string {
    return this.resolve(stack.stackName, stack.resolve(value));
  }

  resolve(stack: string, value: unknown): string {
    if (typeof value === 'string') return value;
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    const [kind, argument] = Object.entries(value)[0] ?? [];
    if (kind === 'Ref' && typeof argument === 'string') {
      if (argument === 'AWS::Partition') return 'aws';
      if (argument === 'AWS::URLSuffix') return 'amazonaws.com';
      if (argument.startsWith('AWS::')) return `\${${argument}}`;
      const parameter = this.template(stack).Parameters?.[argument];
      if (parameter) {
        return parameter.Type.startsWith('AWS::SSM::Parameter')
          ? `\${ssm:${parameter.Default}}`
          : `\${parameter:${argument}}`;
      }
      return `\${${stack}/${argument}.Ref}`;
    }
    if (kind === 'Fn::GetAtt' && Array.isArray(argument)) return `\${${stack}/${argument[0]}.${argument[1]}}`;
    if (kind === 'Fn::ImportValue' && typeof argument === 'string') {
      const exported = this.exports.get(argument);
      return exported ? this.resolve(exported.stack, exported.value) : `\${import:${argument}}`;
    }
    if (kind === 'Fn::Join' && Array.isArray(argument)) {
      const [separator, parts] = argument as [string, unknown[]];
      return parts.map((part) => this.resolve(stack, part)).join(separator);
    }
    return JSON.stringify(value);
  }

  /**
   * Every statement that applies to the role `roleLogicalId` of `stack`: its inline policies and
   * the AWS::IAM::Policy resources attached to it. Managed policies are returned by ARN: their
   * statements are not in the template, so the check refuses them.
   */
  roleStatements(stack: string, roleLogicalId: string): { statements: Statement[]; managed: string[] } {
    const template = this.template(stack);
    const role = template.Resources[roleLogicalId];
    if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${stack}/${roleLogicalId} is not a role`);
    const documents: unknown[] = (role.Properties.Policies ?? []).map((policy) => policy.PolicyDocument);
    const managed = (role.Properties.ManagedPolicyArns ?? []).map((arn) => this.resolve(stack, arn));
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
      const roles = resource.Properties.Roles ?? [];
      if (roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId }))) {
        documents.push(resource.Properties.PolicyDocument);
      }
    }
    const statements = documents.flatMap((document) =>
      ((document as { Statement?: RawStatement[] }).Statement ?? []).map((raw) => this.statement(stack, raw)),
    );
    return { statements, managed };
  }

  private statement(stack: string, raw: RawStatement): Statement {
    const list = (value: unknown): unknown[] =>
      value === undefined ? [] : Array.isArray(value) ? value : [value];
    const unsupported = ['NotAction', 'NotResource'].filter((key) => key in raw);
    return {
      effect: raw.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: list(raw.Action).map(String),
      resources: list(raw.Resource).map((resource) => this.resolve(stack, resource)),
      ...(unsupported.length > 0 ? { unsupported: `${unsupported.join(', ')}: ${JSON.stringify(raw)}` } : {}),
    };
  }
}

interface Template {
  Resources: Record<
    string,
    {
      Type: string;
      Properties: {
        Roles?: unknown[];
        Policies?: { PolicyDocument: unknown }[];
        ManagedPolicyArns?: unknown[];
        PolicyDocument?: unknown;
      };
    }
  >;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  Parameters?: Record<string, { Type: string; Default?: string }>;
}

interface RawStatement {
  Effect?: string;
  Action?: unknown;
  Resource?: unknown;
}

/** `*` and `?` as IAM reads them in an action or resource; actions compare case-insensitively. */
export function iamMatches(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

/**
 * What a role may hold besides the actions its code calls: each entry allows `actions` on exactly
 * `resources` (after resolution), for the `reason` given.
 */
export interface Allowance {
  actions: string[];
  resources: string[];
  reason: string;
}

export interface RoleFindings {
  /** Actions the code calls that the role does not grant on the resource. */
  missing: string[];
  /** Actions the role grants that the code never calls (nor the platform needs), with their resources. */
  uncalled: Record<string, string[]>;
  /** Called or allowed actions granted on a resource beyond what the function needs. */
  beyond: string[];
  /** Wildcard actions, NotAction / NotResource statements, managed policies. */
  other: string[];
}

/**
 * Checks a role against its function's needs: every need granted, and nothing granted beyond
 * (needs with their resources, widened by `tolerated` for called actions) ∪ `allowances`.
 *   tolerated(action) lists more resources a called action may be granted on (the table's
 *   indexes for a DynamoDB action, whether or not this function queries each one).
 */
export function checkRole(input: {
  statements: Statement[];
  managed: string[];
  needs: Need[];
  allowances: Allowance[];
  tolerated: (action: string) => string[];
}): RoleFindings {
  const { statements, needs, allowances, tolerated } = input;
  const allows = statements.filter((s) => s.effect === 'Allow' && !s.unsupported);
  const findings: RoleFindings = { missing: [], uncalled: {}, beyond: [], other: [] };
  for (const arn of input.managed)
    findings.other.push(`managed policy ${arn} (its statements cannot be checked)`);
  for (const statement of statements) {
    if (statement.unsupported) findings.other.push(`statement with ${statement.unsupported}`);
  }

  for (const need of needs) {
    const granted = allows.some(
      (s) =>
        s.actions.some((a) => iamMatches(a, need.action, true)) &&
        s.resources.some((r) => need.resources.some((arn) => iamMatches(r, arn))),
    );
    if (!granted) findings.missing.push(`${need.action} on ${need.resources.join(' or ')} (${need.from})`);
  }

  const called = new Map<string, Set<string>>();
  for (const need of needs) {
    const resources = called.get(need.action) ?? new Set(tolerated(need.action));
    for (const arn of need.resources) resources.add(arn);
    called.set(need.action, resources);
  }
  for (const statement of allows) {
    for (const action of statement.actions) {
      if (action.includes('*') && !allowances.some((a) => a.actions.includes(action))) {
        findings.other.push(`wildcard action ${action} on ${statement.resources.join(', ')}`);
        continue;
      }
      const allowed = new Set<string>(called.get(action) ?? []);
      for (const allowance of allowances) {
        if (allowance.actions.includes(action)) for (const r of allowance.resources) allowed.add(r);
      }
      if (allowed.size === 0) {
        findings.uncalled[action] = [...(findings.uncalled[action] ?? []), ...statement.resources];
        continue;
      }
      for (const resource of statement.resources) {
        // A pattern is only as narrow as the set it stands for: `*` is never allowed unless listed as is.
        if (!allowed.has(resource)) findings.beyond.push(`${action} on ${resource}`);
      }
    }
  }
  return findings;
}
