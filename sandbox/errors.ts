/** Errors of the sandbox: its server's answers and its admin client's failures. */

/** A request the sandbox refuses: becomes `{"error": {"code", "message"}}` with `status`. */
export class SandboxHttpError extends Error {
  override readonly name = 'SandboxHttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An entity would need more ids than the fixed-width id format can hold. */
export class CapacityError extends Error {
  override readonly name = 'CapacityError';
  constructor(
    readonly maxSlot: number,
    readonly requested: number,
  ) {
    super(`An entity holds at most ${maxSlot} ids; ${requested} were requested`);
  }
}

/** The admin API answered with an error (or not with what was expected). */
export class SandboxAdminError extends Error {
  override readonly name = 'SandboxAdminError';
  constructor(
    message: string,
    /** HTTP status of the answer. */
    readonly status: number,
    /** The `error.code` of the answer, when it had one. */
    readonly code: string | undefined,
    /** Method and path of the request. */
    readonly request: string,
  ) {
    super(message);
  }
}

/** `startSandbox` was given options it cannot run with; the message names each one. */
export class SandboxOptionsError extends Error {
  override readonly name = 'SandboxOptionsError';
}

/** A state file that cannot be read as a sandbox state (corrupt, truncated, another format) or written. */
export class SandboxStateFileError extends Error {
  override readonly name = 'SandboxStateFileError';
  constructor(
    /** The path, as given. */
    readonly file: string,
    /** What is wrong with it. */
    readonly reason: string,
  ) {
    super(`Sandbox state file ${file}: ${reason}`);
  }
}
