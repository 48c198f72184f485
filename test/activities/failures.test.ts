import { ApplicationFailure } from '@temporalio/activity';
import { classifyFailures, toActivityFailure } from '../../activities/failures';
import { ConfigError } from '../../config/config-error';
import { ApiAuthError, ApiRetryableError } from '../../connectors/api-client/errors';
import {
  ConnectorDefinitionError,
  UnknownConnectorError,
  UnknownEntityError,
} from '../../connectors/connector-errors';
import { getConnector } from '../../connectors/registry';
import { DecryptionError } from '../../db/credentials-cipher';

/** What Temporal sees of an error an activity throws: its type and whether it retries. */
function classified(err: unknown): { type: unknown; nonRetryable: unknown } | 'as is' {
  const failure = toActivityFailure(err);
  if (failure === err) return 'as is';
  const application = failure as ApplicationFailure;
  expect(application.name).toBe('ApplicationFailure');
  return { type: application.type, nonRetryable: application.nonRetryable };
}

describe('classifying the errors activities throw', () => {
  it.each([
    ['an unknown entity', new UnknownEntityError('hr', 'nonsense', ['departments', 'people'])],
    ['an unknown connector', new UnknownConnectorError('crm', ['hr', 'ticketing'])],
    [
      'an inconsistent connector declaration',
      new ConnectorDefinitionError('hr', 'pageSize must be 1..10000'),
    ],
    ['secrets that do not decrypt', new DecryptionError('organizations/org_1/credentials')],
    ['a bad configuration', new ConfigError(['LOG_LEVEL: must be one of …'])],
    ['revoked credentials', new ApiAuthError('GET /people: 401', 401, 'GET /people')],
  ])('fails at once, non-retryable with its type, on %s', (_, err) => {
    expect(classified(err)).toEqual({ type: err.name, nonRetryable: true });
  });

  it('lets a 5xx retry with its type', () => {
    const err = new ApiRetryableError('GET /people: 503', 503, 'GET /people', 'http-5xx');
    expect(classified(err)).toEqual({ type: 'ApiRetryableError', nonRetryable: false });
  });

  it('leaves an error that may pass (a database hiccup) to be retried, and a failure already classified as it is', () => {
    expect(classified(new Error('Connection terminated unexpectedly'))).toBe('as is');
    const failure = ApplicationFailure.nonRetryable('newer sync', 'Superseded');
    expect(toActivityFailure(failure)).toBe(failure);
  });

  it('classifies what escapes every activity: a sync of an entity the connector lacks fails non-retryably', async () => {
    const activities = classifyFailures({
      beginSync: (entities: readonly string[]) =>
        Promise.resolve().then(() => getConnector('hr').entitiesInOrder(entities).length),
    });
    expect(await activities.beginSync(['people'])).toBe(1);
    const failure = (await activities
      .beginSync(['nonsense'])
      .catch((err: unknown) => err)) as ApplicationFailure;
    expect(failure).toMatchObject({ type: 'UnknownEntityError', nonRetryable: true });
    expect(failure.message).toContain('"nonsense"');
  });
});
