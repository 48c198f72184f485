import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes and bundler chatter drown test output; errors still show.
Runtime.install({ logger: new DefaultLogger('ERROR') });
