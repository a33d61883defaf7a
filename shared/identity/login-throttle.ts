import { Entity } from 'electrodb';

/**
 * Failed log-in attempts of one subject in one fixed window (ROLE-02..05, docs/data-model.md
 * "Throttle log-in attempts"): `THROTTLE#login#<subject>` · `<windowStart>`, removed by TTL. The
 * subject is `email:<sha256>` or `address:<sha256>`, so the table holds neither the address typed
 * nor the client's IP in clear. The limits and why are in shared/identity/log-in.ts.
 */
export const loginThrottleEntity = () =>
  new Entity(
    {
      model: { entity: 'loginThrottle', version: '1', service: 'parvis' },
      attributes: {
        subject: { type: 'string', required: true, readOnly: true },
        /** ISO instant the window starts at. */
        windowStart: { type: 'string', required: true, readOnly: true },
        count: { type: 'number', required: true, default: 0 },
        expiresAt: { type: 'number' },
      },
      indexes: {
        bySubject: {
          pk: { field: 'pk', composite: ['subject'], template: 'THROTTLE#login#${subject}', casing: 'none' },
          sk: { field: 'sk', composite: ['windowStart'], template: '${windowStart}', casing: 'none' },
        },
      },
    },
    {},
  );
