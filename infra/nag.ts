import { type App, type Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

/**
 * cdk-nag's AwsSolutions pack as a policy-validation plugin: an unacknowledged finding fails
 * synthesis (the report lands in cdk.out/validation-report.json). Acknowledgements are made with
 * `Validations.of(construct).acknowledge({ id, reason })` next to the resource they concern, and
 * copied into the templates' metadata for audit.
 */
export function addNagChecks(app: App): void {
  const options = { verbose: true, writeSuppressionsToCloudFormation: true };
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, options), new ServerlessChecks(app, options));
}

/**
 * How cdk-nag writes a resource in a finding id: `${AWS::Region}` as `<AWS::Region>`,
 * `Fn::GetAtt X.Arn` as `<X.Arn>`. Lets an acknowledgement name exactly one resource.
 */
export function nagText(stack: Stack, value: string): string {
  const render = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const token = part as Record<string, unknown>;
    if (typeof token.Ref === 'string') return `<${token.Ref}>`;
    if (Array.isArray(token['Fn::GetAtt'])) return `<${(token['Fn::GetAtt'] as string[]).join('.')}>`;
    if (Array.isArray(token['Fn::Join'])) {
      const [separator, parts] = token['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
    throw new Error(`Cannot render ${JSON.stringify(part)} for an acknowledgement`);
  };
  return render(stack.resolve(value));
}
