import * as z from 'zod/mini';

/**
 * SES feedback as it reaches the ses-notifications queue: an SNS envelope whose `Message` is the
 * SES JSON. Both shapes SES publishes are accepted: configuration-set event publishing
 * (`eventType`: Send, Delivery, Bounce, Complaint, Reject, Rendering Failure, DeliveryDelay…, with
 * the mail's tags) and identity notifications (`notificationType`, without tags).
 */
const mail = z.object({
  messageId: z.string().check(z.minLength(1)),
  timestamp: z.string(),
  source: z.optional(z.string()),
  destination: z._default(z.array(z.string()), []),
  /** The tags the sender set (SES gives each as a list); `messageId` names the outbound message. */
  tags: z.optional(z.record(z.string(), z.array(z.string()))),
});

const bounce = z.object({
  bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
  bounceSubType: z.string(),
  bouncedRecipients: z
    .array(
      z.object({
        emailAddress: z.string(),
        action: z.optional(z.string()),
        status: z.optional(z.string()),
        diagnosticCode: z.optional(z.string()),
      }),
    )
    .check(z.minLength(1)),
  timestamp: z.string(),
  feedbackId: z.string(),
});

const complaint = z.object({
  complainedRecipients: z.array(z.object({ emailAddress: z.string() })).check(z.minLength(1)),
  timestamp: z.string(),
  feedbackId: z.string(),
  complaintFeedbackType: z.optional(z.string()),
  complaintSubType: z.nullish(z.string()),
});

/** Reject: SES accepted the call, then refused to send (a virus, say). */
const reject = z.object({ reason: z._default(z.string(), '') });

/** Rendering Failure: only with SES templates, which Parvis does not use; handled like a reject. */
const failure = z.object({
  errorMessage: z._default(z.string(), ''),
  templateName: z.optional(z.string()),
});

export const sesNotification = z.pipe(
  z.object({
    eventType: z.optional(z.string()),
    notificationType: z.optional(z.string()),
    mail,
    bounce: z.optional(bounce),
    complaint: z.optional(complaint),
    reject: z.optional(reject),
    failure: z.optional(failure),
  }),
  z.transform((n) => ({ ...n, type: n.eventType ?? n.notificationType ?? 'Unknown' })),
);

export type SesNotification = z.output<typeof sesNotification>;

export const snsEnvelope = z.object({
  Type: z.literal('Notification'),
  MessageId: z.string().check(z.minLength(1)),
  TopicArn: z.string(),
  Message: z.string(),
  Timestamp: z.string(),
});

/** The queue body: the SNS envelope, its `Message` parsed as SES feedback. */
export const sesNotificationMessage = z.pipe(
  snsEnvelope,
  z.transform((envelope: z.output<typeof snsEnvelope>, context) => {
    const fail = (message: string, path: PropertyKey[] = []) =>
      context.issues.push({ code: 'custom', message, input: envelope.Message, path: ['Message', ...path] });
    let json: unknown;
    try {
      json = JSON.parse(envelope.Message);
    } catch {
      fail('SNS Message is not JSON');
      return z.NEVER;
    }
    const parsed = sesNotification.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fail(issue.message, issue.path);
      return z.NEVER;
    }
    return { snsMessageId: envelope.MessageId, notification: parsed.data };
  }),
);

export type SesNotificationMessage = z.output<typeof sesNotificationMessage>;
