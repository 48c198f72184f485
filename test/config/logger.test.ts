import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger } from '../../config/logger';

describe('createLogger', () => {
  it('writes JSON and redacts secrets and record contents wherever they sit', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger({ level: 'info', pretty: false, destination: sink });
    logger.info(
      {
        orgId: 'org_1',
        token: 'tok_secret',
        request: { headers: { authorization: 'Bearer tok_secret' } },
        record: { ssn: '123' },
      },
      'fetched page',
    );
    const entry = JSON.parse(lines.join('')) as Record<string, unknown>;
    expect(entry).toMatchObject({
      msg: 'fetched page',
      orgId: 'org_1',
      token: '[redacted]',
      record: '[redacted]',
    });
    expect(lines.join('')).not.toContain('tok_secret');
    expect(lines.join('')).not.toContain('123');
    expect(pino.levels.values.info).toBe(entry.level);
  });
});
