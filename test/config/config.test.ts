import { engineSettingsFrom } from '../../activities/engine-settings';
import { loadConfig } from '../../config/config';
import { generateSecretKey } from '../../config/secret-key';

describe('loadConfig', () => {
  it('fills defaults when the environment is empty', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      TEMPORAL_ADDRESS: 'localhost:7233',
      TEMPORAL_NAMESPACE: 'default',
      TASK_QUEUE: 'sync-engine',
      LOG_LEVEL: 'info',
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('decodes a base64 or hex secret key to 32 bytes', () => {
    const base64 = generateSecretKey();
    expect(loadConfig({ SYNC_ENGINE_SECRET_KEY: base64 }).SYNC_ENGINE_SECRET_KEY).toEqual(
      Buffer.from(base64, 'base64'),
    );
    const hex = 'ab'.repeat(32);
    expect(loadConfig({ SYNC_ENGINE_SECRET_KEY: hex }).SYNC_ENGINE_SECRET_KEY).toEqual(
      Buffer.from(hex, 'hex'),
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['SYNC_ENGINE_SECRET_KEY', 'c2hvcnQ=', /SYNC_ENGINE_SECRET_KEY: must be 32 bytes .*decodes to 5 bytes/],
    ['DATABASE_URL', 'mysql://localhost/db', /DATABASE_URL: must be a postgres/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: /],
    ['DATABASE_POOL_SIZE', '0', /DATABASE_POOL_SIZE: /],
  ])('names %s and what is wrong when it is %j', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
    expect(() => loadConfig({ [name]: value })).toThrow(expect.objectContaining({ name: 'ConfigError' }));
  });

  it('reports every bad variable at once', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud', DATABASE_POOL_SIZE: '-1' })).toThrow(
      /LOG_LEVEL[\s\S]*DATABASE_POOL_SIZE|DATABASE_POOL_SIZE[\s\S]*LOG_LEVEL/,
    );
  });
});

describe('unsafe test switches', () => {
  it('are off unless named, and only known names are accepted', () => {
    expect(loadConfig({}).SYNC_ENGINE_UNSAFE_TEST_SWITCHES).toEqual([]);
    expect(
      loadConfig({ SYNC_ENGINE_UNSAFE_TEST_SWITCHES: 'no-lookback, no-monotonic' })
        .SYNC_ENGINE_UNSAFE_TEST_SWITCHES,
    ).toEqual(['no-lookback', 'no-monotonic']);
    expect(() => loadConfig({ SYNC_ENGINE_UNSAFE_TEST_SWITCHES: 'no-brakes' })).toThrow(
      /SYNC_ENGINE_UNSAFE_TEST_SWITCHES/,
    );
  });

  it('turn the matching safety mechanism off in the engine settings', () => {
    const safe = engineSettingsFrom(loadConfig({}));
    expect(safe).toMatchObject({ lookbackMs: 300_000, monotonicWrites: true, reconcileSafety: true });
    const unsafe = engineSettingsFrom(
      loadConfig({ SYNC_ENGINE_UNSAFE_TEST_SWITCHES: 'no-lookback,no-monotonic,no-reconcile-safety' }),
    );
    expect(unsafe).toMatchObject({ lookbackMs: 0, monotonicWrites: false, reconcileSafety: false });
  });
});
