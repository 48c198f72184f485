import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ApiNotFoundError,
  ApiRateLimitedError,
  isApiError,
  isApiErrorOf,
} from '../../../connectors/api-client/errors';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('recognising API client errors', () => {
  it('tells an API error by its shape, also one from another module context', () => {
    const foreign = Object.assign(new Error('GET /v1/people/1: not found'), {
      kind: 'not-found',
      request: 'GET /v1/people/1',
    });
    expect(isApiError(new ApiNotFoundError('gone', 404, 'GET /x'))).toBe(true);
    expect(isApiErrorOf(foreign, 'not-found')).toBe(true);
    expect(isApiErrorOf(new ApiRateLimitedError('slow down', 'GET /x', 1_000), 'not-found')).toBe(false);
    expect(isApiError(Object.assign(new Error('x'), { kind: 'weird', request: 'GET /x' }))).toBe(false);
    expect(isApiError({ kind: 'not-found', request: 'GET /x' })).toBe(false);
  });

  it('is done one way in the engine: no instanceof, no comparing error names', () => {
    const folders = ['activities', 'client', 'workflows', 'workers', 'db', 'schedules', 'connectors'];
    const files = folders.flatMap((folder) =>
      readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => path.join(folder, file)),
    );
    const offenders = files.flatMap((file) => {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      return [
        ...text.matchAll(/instanceof Api\w*Error|['"]Api\w*Error['"]\s*[!=]==|[!=]==\s*['"]Api\w*Error['"]/g),
      ].map((match) => `${file}: ${match[0]}`);
    });
    expect(offenders).toEqual([]);
  });
});
