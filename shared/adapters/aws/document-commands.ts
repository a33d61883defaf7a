/**
 * Stand-ins for the command classes of `@aws-sdk/lib-dynamodb`, the only part of the AWS SDK that
 * ElectroDB touches: it builds `new GetCommand(params)` and hands it to the client's `send`. The
 * function bundles alias `@aws-sdk/lib-dynamodb` to this file (infra/bundling.ts), so a Lambda never
 * loads the SDK's DynamoDB client; `documentClient` (./dynamodb.ts) executes the commands, which it
 * recognises by class name. Tests and the local twin run unbundled with the real classes, which
 * carry the same names and hold their parameters in `input` too.
 */
function documentCommand(name: string) {
  const command = class {
    constructor(readonly input: Record<string, unknown>) {}
  };
  // Set explicitly: minification renames classes.
  Object.defineProperty(command, 'name', { value: name });
  return command;
}

export const GetCommand = documentCommand('GetCommand');
export const PutCommand = documentCommand('PutCommand');
export const UpdateCommand = documentCommand('UpdateCommand');
export const DeleteCommand = documentCommand('DeleteCommand');
export const QueryCommand = documentCommand('QueryCommand');
export const BatchGetCommand = documentCommand('BatchGetCommand');
export const BatchWriteCommand = documentCommand('BatchWriteCommand');
export const TransactGetCommand = documentCommand('TransactGetCommand');
export const TransactWriteCommand = documentCommand('TransactWriteCommand');
