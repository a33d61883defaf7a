/** True when DynamoDB refused a write because its condition did not hold (including in a transaction). */
export function isConditionFailure(error: unknown): boolean {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    const name = (current as { name?: string }).name;
    if (name === 'ConditionalCheckFailedException') return true;
    if (name === 'TransactionCanceledException') {
      const reasons = (current as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      return reasons.some((reason) => reason.Code === 'ConditionalCheckFailed');
    }
    if (typeof current !== 'object') return false;
  }
  return false;
}
