import { Entity, type EntityItem } from 'electrodb';

/**
 * A custom checkbox ("case à cocher personnalisée", ORG-09, TIX-05): a question staff add to an
 * organization's checkout — an interest in its newsletter, a promotional item — optionally priced,
 * which becomes a line of the order when the buyer ticks it. `ORG#<orgId>` · `CHECKBOX#<checkboxId>`,
 * read with a query on the organization's partition. Never deleted: an order line may name it, so
 * it is withdrawn instead (`status`), and ticketing offers only the `active` ones.
 */
export const customCheckboxStatuses = ['active', 'paused', 'withdrawn'] as const;
export type CustomCheckboxStatus = (typeof customCheckboxStatuses)[number];

/** TIX-02: a price either includes the taxes or has them added at checkout. */
export const taxModes = ['included', 'added'] as const;
export type TaxMode = (typeof taxModes)[number];

export const customCheckboxEntity = () =>
  new Entity(
    {
      model: { entity: 'customCheckbox', version: '1', service: 'parvis' },
      attributes: {
        orgId: { type: 'string', required: true, readOnly: true },
        checkboxId: { type: 'string', required: true, readOnly: true },
        labelFr: { type: 'string', required: true },
        labelEn: { type: 'string', required: true },
        /** Integer cents; absent when ticking it costs nothing. */
        priceCents: { type: 'number' },
        currency: { type: 'string', required: true, default: 'CAD' },
        taxes: { type: taxModes, required: true, default: 'included' },
        status: { type: customCheckboxStatuses, required: true, default: 'active' },
        /** Display order at checkout, smallest first. */
        position: { type: 'number', required: true, default: 0 },
        version: { type: 'number', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        createdBy: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
        withdrawnAt: { type: 'string' },
      },
      indexes: {
        byOrganization: {
          pk: { field: 'pk', composite: ['orgId'], template: 'ORG#${orgId}', casing: 'none' },
          sk: { field: 'sk', composite: ['checkboxId'], template: 'CHECKBOX#${checkboxId}', casing: 'none' },
        },
      },
    },
    {},
  );

export type CustomCheckbox = EntityItem<ReturnType<typeof customCheckboxEntity>>;
