import { Entity } from 'electrodb';

/**
 * The rolling 24-hour window of mass-mail sends of one sending account (COM-04: at most 500 per
 * 24 h). One item holds the send instants still inside the window; it is replaced with an
 * optimistic `version` condition so concurrent senders never both take the last place.
 */
export const sendWindowEntity = () =>
  new Entity(
    {
      model: { entity: 'sendWindow', version: '1', service: 'parvis' },
      attributes: {
        account: { type: 'string', required: true, readOnly: true },
        /** Epoch milliseconds of each send inside the window, oldest first. */
        sends: { type: 'list', items: { type: 'number' }, required: true },
        version: { type: 'number', required: true },
      },
      indexes: {
        byAccount: {
          pk: { field: 'pk', composite: ['account'], template: 'SENDWINDOW#${account}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'MASS', casing: 'none' },
        },
      },
    },
    {},
  );
