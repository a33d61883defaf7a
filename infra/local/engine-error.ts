/** The local servers that take a port, with the variable that moves each one. */
export const portVariables = {
  dynamodb: 'PARVIS_PORT_DYNAMODB',
  fauxqs: 'PARVIS_PORT_FAUXQS',
  ses: 'PARVIS_PORT_SES',
  control: 'PARVIS_PORT_CONTROL',
  web: 'PARVIS_PORT_WEB',
} as const;

export type PortOwner = keyof typeof portVariables;

const labels: Record<PortOwner, string> = {
  dynamodb: 'DynamoDB Local',
  fauxqs: 'fauxqs (SQS, SNS, S3)',
  ses: 'the SES twin (aws-ses-v2-local)',
  control: 'the runner control server',
  web: 'the SvelteKit server',
};

/**
 * A start-up failure whose message is one sentence telling the developer what to do; callers print
 * the message alone, without a stack, because the stack would only hide that sentence.
 */
export class EngineStartError extends Error {
  override name = 'EngineStartError';
}

export function portInUseError(owner: PortOwner, port: number): EngineStartError {
  return new EngineStartError(
    `Port ${port} needed by ${labels[owner]} is already in use: stop the process holding it ` +
      `(find it with \`ss -ltnp 'sport = :${port}'\`) or set ${portVariables[owner]} to another port.`,
  );
}

export function javaMissingError(command: string): EngineStartError {
  return new EngineStartError(
    `DynamoDB Local needs Java 17 or later and \`${command}\` was not found: ` +
      'install it with `sudo apt-get install default-jre-headless`.',
  );
}

export function startTimeoutError(owner: PortOwner, seconds: number, lastLines: string[]): EngineStartError {
  const tail = lastLines.length
    ? ` its last log lines were: ${lastLines.join(' | ')}`
    : ' it printed nothing';
  return new EngineStartError(`${labels[owner]} did not start within ${seconds} s;${tail}.`);
}

export function exitedError(owner: PortOwner, code: number | null, lastLines: string[]): EngineStartError {
  const tail = lastLines.length ? `, its last log lines were: ${lastLines.join(' | ')}` : '';
  return new EngineStartError(`${labels[owner]} exited during start-up (code ${code ?? 'none'})${tail}.`);
}
