import { Service } from 'electrodb';
import type { DocumentClient } from '../adapters/aws/dynamodb';
import { outboundMessage } from '../comms/outbound-message';
import { sendLog } from '../comms/send-log';
import { sendWindow } from '../comms/send-window';
import { suppression } from '../comms/suppression';
import { dedupeMarker } from './dedupe';

/** Every entity of the single table in one ElectroDB Service, so transactions may span them. */
export function createDb(client: DocumentClient, tableName: string) {
  return new Service(
    { outboundMessage, sendLog, suppression, sendWindow, dedupeMarker },
    { client, table: tableName },
  );
}

export type Db = ReturnType<typeof createDb>;
