import { type DocumentClient, Service } from 'electrodb';
import { dedupeMarkerEntity } from '../db/dedupe';
import { emailTemplateEntity } from './email-template-store';
import { outboundMessageEntity } from './outbound-message';
import { massBudgetHourEntity } from './platform-budget';
import { sendLogEntity } from './send-log';
import { sendWindowEntity } from './send-window';
import { suppressionEntity } from './suppression';

/**
 * The e-mail domain's entities in one ElectroDB Service, so its transactions span them. Built on
 * first use only (shared/db/databases.ts): a function that never sends mail never pays for it.
 */
export function createCommsDb(client: DocumentClient, table: string) {
  return new Service(
    {
      outboundMessage: outboundMessageEntity(),
      sendLog: sendLogEntity(),
      suppression: suppressionEntity(),
      sendWindow: sendWindowEntity(),
      massBudgetHour: massBudgetHourEntity(),
      dedupeMarker: dedupeMarkerEntity(),
      emailTemplate: emailTemplateEntity(),
    },
    { client, table },
  );
}

export type CommsDb = ReturnType<typeof createCommsDb>;
