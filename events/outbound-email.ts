/** Contract of the outboundEmail and massEmail queues: `{ v: 1, messageId }` (content stays in the table). */
export { type OutboundEmailMessage, outboundEmailMessage } from '../shared/comms/outbound-message';
