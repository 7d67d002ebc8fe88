/**
 * Errors the user can act on. `problem` says what is wrong, `fix` what to do about it.
 * The CLI maps UserInputError to exit code 3 (refused input); everything else is a failure.
 */
export class UserInputError extends Error {
  constructor(
    readonly problem: string,
    readonly fix: string,
    readonly code = 'INVALID_INPUT',
  ) {
    super(`${problem} ${fix}`);
    this.name = 'UserInputError';
  }
}

/** A failure outside the user's input (server down, login failed), already in plain words. */
export class OperationalError extends Error {
  constructor(
    readonly problem: string,
    readonly fix: string,
    readonly code = 'FAILED',
    options?: { cause?: unknown },
  ) {
    super(`${problem} ${fix}`, options);
    this.name = 'OperationalError';
  }
}
