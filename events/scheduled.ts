import * as z from 'zod';

/** An EventBridge Scheduler / rule invocation; `time` is the scheduled instant the job works as of. */
export const scheduledEvent = z.object({
  'detail-type': z.string(),
  source: z.string(),
  time: z.iso.datetime(),
  id: z.string().optional(),
  detail: z.unknown().optional(),
});

export type ScheduledEvent = z.infer<typeof scheduledEvent>;
