import { Entity, type EntityItem } from 'electrodb';

/**
 * The items that live in an event's partition beside it (`EVENT#<eventId>`), each with its own
 * sort-key literal so a `begins_with` selects one kind and the sheet reads them all in one Query.
 */

/** A date ("date/heure") of the event (CAL-04): the main one and each additional one. */
export const occurrenceEntity = () =>
  new Entity(
    {
      model: { entity: 'occurrence', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        occurrenceId: { type: 'string', required: true, readOnly: true },
        startsAt: { type: 'string', required: true, readOnly: true },
        endsAt: { type: 'string', required: true },
        /** The main date carries the event's show-time flag; additional dates always show their time. */
        showTime: { type: 'boolean', required: true },
        main: { type: 'boolean', required: true, default: false },
      },
      indexes: {
        byEvent: {
          pk: { field: 'pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['startsAt', 'occurrenceId'],
            template: 'DATE#${startsAt}#${occurrenceId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

/** One step of the approval conversation (ORG-07): who, when, what, and the note. */
export const reviewActions = ['submitted', 'approved', 'sentBack'] as const;

export const reviewEntryEntity = () =>
  new Entity(
    {
      model: { entity: 'reviewEntry', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        /** Two steps in the same millisecond (a submit and an instant approval) stay two entries. */
        reviewId: { type: 'string', required: true, readOnly: true },
        action: { type: reviewActions, required: true, readOnly: true },
        actorUserId: { type: 'string', readOnly: true },
        note: { type: 'string', readOnly: true },
      },
      indexes: {
        byEvent: {
          pk: { field: 'pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['at', 'reviewId'],
            template: 'REVIEW#${at}#${reviewId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

/** CAL-07: who sent an event through the public form; personal data of a non-client, kept 180 days. */
export const submitterContactEntity = () =>
  new Entity(
    {
      model: { entity: 'submitterContact', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true },
        email: { type: 'string', required: true },
        phone: { type: 'string' },
        createdAt: { type: 'string', required: true },
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byEvent: {
          pk: { field: 'pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'SUBMITTER', casing: 'none' },
        },
      },
    },
    {},
  );

/** CAL-05: a sub-event listed in its big event's partition, in start order. */
export const programmeLinkEntity = () =>
  new Entity(
    {
      model: { entity: 'programmeLink', version: '1', service: 'parvis' },
      attributes: {
        parentId: { type: 'string', required: true, readOnly: true },
        childStartsAt: { type: 'string', required: true, readOnly: true },
        childId: { type: 'string', required: true, readOnly: true },
        title: { type: 'string', required: true },
        slug: { type: 'string', required: true },
      },
      indexes: {
        byParent: {
          pk: { field: 'pk', composite: ['parentId'], template: 'EVENT#${parentId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['childStartsAt', 'childId'],
            template: 'PROG#${childStartsAt}#${childId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

/**
 * The calendar entry keys last written for the event (§3.12). The projection writes the entries
 * first and this record last, so a run that crashed midway leaves the old record and the next run
 * still deletes what the old dates produced.
 */
export const projectionRecordEntity = () =>
  new Entity(
    {
      model: { entity: 'projectionRecord', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        /** `<yyyy-mm>|<sort key>` of every entry written. */
        keys: { type: 'list', items: { type: 'string' }, required: true },
        projectedVersion: { type: 'number', required: true },
        at: { type: 'string', required: true },
      },
      indexes: {
        byEvent: {
          pk: { field: 'pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'PROJECTION', casing: 'none' },
        },
      },
    },
    {},
  );

export type Occurrence = EntityItem<ReturnType<typeof occurrenceEntity>>;
export type ReviewEntry = EntityItem<ReturnType<typeof reviewEntryEntity>>;
export type SubmitterContact = EntityItem<ReturnType<typeof submitterContactEntity>>;
export type ProgrammeLink = EntityItem<ReturnType<typeof programmeLinkEntity>>;
export type ProjectionRecord = EntityItem<ReturnType<typeof projectionRecordEntity>>;
