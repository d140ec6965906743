// The one error class users see: a message naming the object and the problem, suggestions that
// say what to do, and an exit code from src/exit-codes.ts. oclif prints it without a stack.
import {Errors} from '@oclif/core';

import {EXIT, type ExitCode} from './exit-codes.js';

export class LlreachError extends Errors.CLIError {
  readonly code: string;

  constructor(code: string, message: string, exit: ExitCode, suggestions: string[] = []) {
    super(message, {code, exit, suggestions});
    this.code = code;
  }
}

/** A broken invariant inside llreach (a bug, not a user problem), like XNU's panic. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(`internal invariant violated: ${message}`);
    this.name = 'InvariantError';
  }
}

export {EXIT};
