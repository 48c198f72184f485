import { createPool } from '../../db/connection';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

/**
 * PostgreSQL restarts cut every connection, also those a process holds between two queries of a
 * transaction. Such a client reports the loss as an 'error' event on itself; unheard, Node throws
 * it and the process dies (the webhook receiver did, in the chaos suite, and stayed down).
 */
describe('a pool whose server cuts a checked-out connection', () => {
  let testDb: TestDatabase;
  beforeAll(async () => (testDb = await createTestDatabase()));
  afterAll(() => testDb?.destroy());

  it('keeps the process alive, fails that client, and serves the next query on a new connection', async () => {
    const pool = createPool({ url: testDb.url, poolSize: 2 });
    const held = await pool.connect();
    try {
      const { rows } = await held.query<{ pid: number }>('select pg_backend_pid() as pid');
      const ended = new Promise((resolve) => held.once('end', resolve));
      await pool.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      // The connection is gone while the client is checked out and idle: this is when the
      // 'error' event fires (and would be thrown, failing this test, without a listener).
      await ended;
      await expect(held.query('select 1')).rejects.toThrow();
    } finally {
      held.release(true);
    }
    try {
      const after = await pool.query<{ one: number }>('select 1 as one');
      expect(after.rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
