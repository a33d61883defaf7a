import type * as z from 'zod/mini';
import { queues, schedules } from '../infra/wiring';
import { buildPublicIndexesMessage } from './build-public-indexes';
import { orderConfirmedMessage } from './order-confirmed';
import { outboundEmailMessage } from './outbound-email';
import { processImageMessage } from './process-image';
import { scheduledEvent } from './scheduled';
import { sesNotificationMessage } from './ses-notification';

/**
 * The contract of every queue and schedule. Samples in events/samples are named
 * `<queue name>.<variant>.json` or `schedule.<schedule name>.json`; `contractOfSample` maps them.
 */
export const queueContracts: Record<string, z.ZodMiniType> = {
  [queues.outboundEmail.name]: outboundEmailMessage,
  [queues.massEmail.name]: outboundEmailMessage,
  [queues.sesNotifications.name]: sesNotificationMessage,
  [queues.processImage.name]: processImageMessage,
  [queues.publicIndexes.name]: buildPublicIndexesMessage,
  [queues.orderDocuments.name]: orderConfirmedMessage,
};

export function contractOfSample(file: string) {
  const [target, name] = file.split('.');
  if (target === 'schedule') {
    if (!schedules.some((s) => s.name === name)) throw new Error(`${file}: no schedule ${name}`);
    return scheduledEvent;
  }
  const contract = target ? queueContracts[target] : undefined;
  if (!contract) throw new Error(`${file}: no queue or schedule named ${target}`);
  return contract;
}
