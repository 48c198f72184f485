/**
 * Errors of connector configuration: none is mended by trying again (a deploy or a corrected
 * command is), so each says `retryable = false`, which activities turn into a non-retryable failure.
 */

/** A connector declaration is inconsistent; raised when it is loaded, before any sync runs. */
export class ConnectorDefinitionError extends Error {
  override readonly name = 'ConnectorDefinitionError';
  readonly retryable = false;
  constructor(
    readonly connector: string,
    message: string,
  ) {
    super(`Connector ${connector}: ${message}`);
  }
}

/** An organization names a connector this build does not have. */
export class UnknownConnectorError extends Error {
  override readonly name = 'UnknownConnectorError';
  readonly retryable = false;
  constructor(
    readonly connector: string,
    readonly known: readonly string[],
  ) {
    super(`Unknown connector "${connector}" (known: ${known.join(', ')})`);
  }
}

/** A sync names an entity its connector does not have. */
export class UnknownEntityError extends Error {
  override readonly name = 'UnknownEntityError';
  readonly retryable = false;
  constructor(
    readonly connector: string,
    readonly entity: string,
    readonly known: readonly string[],
  ) {
    super(`Connector ${connector} has no entity "${entity}" (it has: ${known.join(', ')})`);
  }
}
