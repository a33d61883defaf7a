import { createHmac, createSign, createVerify, generateKeyPairSync, randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';

export type FakeProvider = 'stripe' | 'paypal';

/** One delivery attempt of an event, as the fake's control API reports it. */
export interface DeliveryAttempt {
  at: string;
  /** The receiver's HTTP status; absent when it could not be reached or the failure was injected. */
  status?: number;
  error?: string;
  forged?: boolean;
}

export interface SentEvent {
  provider: FakeProvider;
  id: string;
  type: string;
  /** The body exactly as delivered (the same bytes at every redelivery). */
  body: string;
  /** The account the event belongs to: Stripe secret key or PayPal client id. */
  account: string;
  deliveries: DeliveryAttempt[];
}

export interface Signer {
  /** Stripe: `Stripe-Signature`, HMAC-SHA256 of `t.body` with the endpoint's secret, fresh `t` each time. */
  stripe(body: string, secret: string, timestamp: number): Record<string, string>;
  /** PayPal: SHA256withRSA of `transmissionId|time|webhookId|crc32(body)`, checked by the verify endpoint. */
  paypal(body: string, webhookId: string, time: Date): Record<string, string>;
  verifyPayPal(input: {
    transmissionId: string;
    transmissionTime: string;
    webhookId: string;
    signature: string;
    body: string;
  }): boolean;
  certUrl: string;
  certPem: string;
}

/** Signs as the providers do: Stripe's scheme v1, and PayPal's with a key pair made at start. */
export function createSigner(origin: () => string): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const signed = (transmissionId: string, time: string, webhookId: string, body: string) =>
    `${transmissionId}|${time}|${webhookId}|${crc32(body)}`;
  return {
    get certUrl() {
      return `${origin()}/v1/notifications/certs/CERT-fake-payments`;
    },
    certPem,
    stripe(body, secret, timestamp) {
      const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
      return { 'stripe-signature': `t=${timestamp},v1=${v1}` };
    },
    paypal(body, webhookId, time) {
      const transmissionId = randomUUID();
      const transmissionTime = time.toISOString();
      const signature = createSign('sha256')
        .update(signed(transmissionId, transmissionTime, webhookId, body))
        .sign(privateKey, 'base64');
      return {
        'paypal-transmission-id': transmissionId,
        'paypal-transmission-time': transmissionTime,
        'paypal-transmission-sig': signature,
        'paypal-cert-url': this.certUrl,
        'paypal-auth-algo': 'SHA256withRSA',
      };
    },
    verifyPayPal({ transmissionId, transmissionTime, webhookId, signature, body }) {
      try {
        return createVerify('sha256')
          .update(signed(transmissionId, transmissionTime, webhookId, body))
          .verify(publicKey, signature, 'base64');
      } catch {
        return false;
      }
    },
  };
}

/** What the next delivery of a provider does instead of arriving at once (control API). */
export type DeliveryFault = { kind: 'fail' } | { kind: 'delay'; ms: number };

/**
 * Sends events to the webhook URL of their provider, one POST per delivery, and keeps every event
 * with its attempts for the control API. A fault set on a provider applies to its next delivery:
 * `fail` records a failed attempt without sending (the receiver never sees it), `delay` sends it
 * after `ms`, so events created later arrive first.
 */
export class WebhookSender {
  readonly events: SentEvent[] = [];
  private readonly faults = new Map<FakeProvider, DeliveryFault>();
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly urls: Partial<Record<FakeProvider, string>>) {}

  setUrl(provider: FakeProvider, url: string): void {
    this.urls[provider] = url;
  }

  injectFault(provider: FakeProvider, fault: DeliveryFault): void {
    this.faults.set(provider, fault);
  }

  record(event: Omit<SentEvent, 'deliveries'>): SentEvent {
    const sent = { ...event, deliveries: [] };
    this.events.push(sent);
    return sent;
  }

  /** Delivers `event` with headers made by `sign` at send time (a fresh signature per attempt). */
  deliver(
    event: SentEvent,
    sign: () => Record<string, string>,
    options: { forged?: boolean } = {},
  ): Promise<void> {
    const fault = this.faults.get(event.provider);
    this.faults.delete(event.provider);
    const attempt = (): Promise<void> => this.post(event, sign, options.forged);
    let done: Promise<void>;
    if (fault?.kind === 'fail') {
      event.deliveries.push({
        at: new Date().toISOString(),
        error: 'failure injected',
        forged: options.forged,
      });
      done = Promise.resolve();
    } else if (fault?.kind === 'delay') {
      done = new Promise((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void attempt().then(resolve);
        }, fault.ms);
        this.timers.add(timer);
      });
    } else {
      done = attempt();
    }
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
    return done;
  }

  /** Resolves when no delivery is in flight or waiting (delayed ones included). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async post(event: SentEvent, sign: () => Record<string, string>, forged?: boolean): Promise<void> {
    const url = this.urls[event.provider];
    const at = new Date().toISOString();
    if (this.stopped) return;
    if (!url) {
      event.deliveries.push({ at, error: 'no webhook URL configured', forged });
      return;
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': `fake-${event.provider}-webhooks`,
          ...sign(),
        },
        body: event.body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      event.deliveries.push({ at, status: response.status, forged });
    } catch (error) {
      event.deliveries.push({ at, error: (error as Error).message, forged });
    }
  }
}
