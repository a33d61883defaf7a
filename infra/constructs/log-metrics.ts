import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Error lines that Parvis code logs (shared/kernel/logger.ts: one JSON object per line, `level`
 * first) and that the operations stack counts with CloudWatch Logs metric filters. The messages
 * are the code's own: change one there, change it here (infra/stacks/operations-stack.test.ts
 * checks the patterns against the logger's real output).
 */
export const loggedFailures = {
  /** functions/_middleware/queue.ts: a record threw; it is retried, then dead-lettered. */
  recordFailed: 'record failed',
  /**
   * shared/comms/send-queued-email.ts `gaveUpLogMessage`: the sender gave up on a message after
   * its last attempt, which is `failed` for good.
   */
  emailFailedForGood: 'e-mail failed after max attempts',
  /**
   * shared/comms/record-ses-notification.ts `sentTwiceLogMessage`: SES reported a second accepted
   * send of a message already sent, which "never sent twice" promises cannot happen.
   */
  emailSentTwice: 'e-mail sent twice',
} as const;

/**
 * Matches the error line with this exact message, as terms rather than a JSON selector: on Lambda's
 * default text log format the runtime writes `<time>\t<request id>\tINFO\t` before each console
 * line, so the event is not a JSON document and `{ $.level = … }` would never match. JSON.stringify
 * writes no spaces, so `"level":"error"` and `"message":"…"` appear verbatim in the line. (Lambda's
 * JSON log format would escape those quotes inside its own `message` string: ParvisFunction keeps
 * the text format, and the functions stack test says so.)
 */
export function errorLinePattern(message: string): logs.IFilterPattern {
  return logs.FilterPattern.allTerms('"level":"error"', `"message":${JSON.stringify(message)}`);
}
