import * as z from 'zod/mini';

/** An EventBridge Scheduler / rule invocation; `time` is the scheduled instant the job works as of. */
export const scheduledEvent = z.object({
  'detail-type': z.string(),
  source: z.string(),
  time: z.iso.datetime(),
  id: z.optional(z.string()),
  detail: z.optional(z.unknown()),
});

export type ScheduledEvent = z.infer<typeof scheduledEvent>;
