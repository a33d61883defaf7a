import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { env } from '../../infra/wiring';
import { jsonLogger, logLevel } from '../../shared/kernel/logger';
import { containerDeps } from './deps';

/** Puts the invocation's request id on every log line of the invocation. */
export function requestLogging<E, R>(): middy.MiddlewareObj<E, R, Error, Context> {
  return {
    before: (request) => {
      containerDeps().log = jsonLogger(
        { function: request.context.functionName, requestId: request.context.awsRequestId },
        logLevel(process.env[env.logLevel]),
      );
    },
  };
}
