import { describe, expect, it } from 'vitest';
import { openStreetMapTiles, senderAddress, siteUrlParameterName } from './config';
import { bareApp } from './test/parvis-app';

describe('deployment context', () => {
  it('mailFrom: the address and identity come out of a display form, the given text is kept', () => {
    for (const [given, address] of [
      ['noreply@ecole.example', 'noreply@ecole.example'],
      ['Parvis <noreply@ecole.example>', 'noreply@ecole.example'],
      ['  École Parvis   <noreply@ecole.example>  ', 'noreply@ecole.example'],
      ['"Parvis, billetterie" <noreply@ecole.example>', 'noreply@ecole.example'],
      ['<noreply@ecole.example>', 'noreply@ecole.example'],
    ]) {
      expect(senderAddress(given as string), given).toBe(address);
    }
    const { config } = bareApp({ mailFrom: 'Parvis <billetterie@example.org>' });
    expect(config).toMatchObject({
      mailFrom: 'Parvis <billetterie@example.org>',
      mailFromAddress: 'billetterie@example.org',
      mailIdentity: 'example.org',
    });
    expect(
      bareApp({ mailFrom: 'Parvis <billetterie@example.org>', mailIdentity: 'billetterie@example.org' })
        .config.mailIdentity,
    ).toBe('billetterie@example.org');
  });

  it('mailFrom: anything that is not one address, bare or in angle brackets, stops synthesis', () => {
    for (const wrong of [
      'Parvis',
      'noreply',
      '@ecole.example',
      'noreply@',
      'a@b@ecole.example',
      'Parvis <noreply@ecole.example',
      'Parvis noreply@ecole.example',
      'Parvis <noreply@ecole.example> <other@ecole.example>',
      'Parvis <no reply@ecole.example>',
    ]) {
      expect(() => bareApp({ mailFrom: wrong }), wrong).toThrow(/mailFrom/);
    }
  });

  it('CAL-01 mapTiles: OpenStreetMap by default, another https template, or none; anything else stops synthesis', () => {
    expect(bareApp({}).config.mapTiles).toBe(openStreetMapTiles);
    expect(bareApp({ mapTiles: 'https://tiles.example/{z}/{x}/{y}@2x.png' }).config.mapTiles).toBe(
      'https://tiles.example/{z}/{x}/{y}@2x.png',
    );
    expect(bareApp({ mapTiles: 'none' }).config.mapTiles).toBeUndefined();
    for (const wrong of [
      'http://tiles.example/{z}/{x}/{y}.png',
      'https://tiles.example/{z}/{x}.png',
      'tiles',
    ]) {
      expect(() => bareApp({ mapTiles: wrong }), wrong).toThrow(/mapTiles/);
    }
  });

  it('names the site URL parameter per stage', () => {
    expect(siteUrlParameterName({ stage: 'prod' })).toBe('/parvis/prod/site-url');
  });
});
