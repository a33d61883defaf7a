import * as z from 'zod';

/**
 * SES feedback as it reaches the ses-notifications queue: an SNS envelope whose `Message` is the
 * SES JSON. Both shapes SES publishes are accepted: configuration-set event publishing
 * (`eventType`) and identity notifications (`notificationType`).
 */
const mail = z.object({
  messageId: z.string().min(1),
  timestamp: z.string(),
  source: z.string().optional(),
  destination: z.array(z.string()).default([]),
});

const bounce = z.object({
  bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
  bounceSubType: z.string(),
  bouncedRecipients: z
    .array(
      z.object({
        emailAddress: z.string(),
        action: z.string().optional(),
        status: z.string().optional(),
        diagnosticCode: z.string().optional(),
      }),
    )
    .min(1),
  timestamp: z.string(),
  feedbackId: z.string(),
});

const complaint = z.object({
  complainedRecipients: z.array(z.object({ emailAddress: z.string() })).min(1),
  timestamp: z.string(),
  feedbackId: z.string(),
  complaintFeedbackType: z.string().optional(),
  complaintSubType: z.string().nullish(),
});

export const sesNotification = z
  .object({
    eventType: z.string().optional(),
    notificationType: z.string().optional(),
    mail,
    bounce: bounce.optional(),
    complaint: complaint.optional(),
  })
  .transform((n) => ({ ...n, type: n.eventType ?? n.notificationType ?? 'Unknown' }));

export type SesNotification = z.output<typeof sesNotification>;

export const snsEnvelope = z.object({
  Type: z.literal('Notification'),
  MessageId: z.string().min(1),
  TopicArn: z.string(),
  Message: z.string(),
  Timestamp: z.string(),
});

/** The queue body: the SNS envelope, its `Message` parsed as SES feedback. */
export const sesNotificationMessage = snsEnvelope.transform((envelope, context) => {
  let json: unknown;
  try {
    json = JSON.parse(envelope.Message);
  } catch {
    context.addIssue({ code: 'custom', message: 'SNS Message is not JSON' });
    return z.NEVER;
  }
  const parsed = sesNotification.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) context.addIssue({ ...issue, path: ['Message', ...issue.path] });
    return z.NEVER;
  }
  return { snsMessageId: envelope.MessageId, notification: parsed.data };
});

export type SesNotificationMessage = z.output<typeof sesNotificationMessage>;
