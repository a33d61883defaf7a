import { sesNotificationMessage } from '../../events/ses-notification';
import { recordSesNotification } from '../../shared/comms/record-ses-notification';
import { queueConsumer } from '../_middleware/queue';

export const handler = queueConsumer(sesNotificationMessage, async (deps, message) => {
  await recordSesNotification(deps, message);
  return undefined;
});
