// Integration tests drive real servers: syncs of thousands of records take seconds, not milliseconds.
jest.setTimeout(180_000);
