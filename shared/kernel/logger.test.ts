import { describe, expect, it } from 'vitest';
import { jsonLogger, logLevel } from './logger';

describe('jsonLogger', () => {
  it('PLAT-03 writes one JSON object per line with its context, and drops lines under the level', () => {
    const lines: string[] = [];
    const log = jsonLogger({ function: 'send-email' }, logLevel('warn'), (line) => lines.push(line));
    log.info('hidden');
    log.warn('shown', { messageId: 'm1' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'warn',
      message: 'shown',
      function: 'send-email',
      messageId: 'm1',
    });
    expect(logLevel('verbose')).toBe('info');
  });
});
