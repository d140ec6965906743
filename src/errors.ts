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

/** An error as --json prints it: what failed, its code, what to do and the exit code, nothing else. */
export function errorJson(error: Error & {code?: string; oclif?: {exit?: number}; suggestions?: string[]}) {
  const {oclif, name} = error;
  // oclif's parse errors carry the whole parser input and configuration, and no code of ours.
  const code = error.code ?? (oclif?.exit === EXIT.USAGE ? 'USAGE' : 'ERROR');
  const message = error.message.replace(/\nSee more help with --help$/, '');
  const suggestions = error.suggestions ?? (code === 'USAGE' ? ['see llreach help <command> for its flags and examples'] : []);
  return {error: {code, message, suggestions, oclif: {exit: oclif?.exit}, name}};
}

/** An interface argument given with --read, which takes its frames from the file instead. */
export function interfaceWithRead(name: string): LlreachError {
  return new LlreachError('INTERFACE_WITH_READ', `--read takes frames from a file, so interface ${name} would be ignored`, EXIT.USAGE, [
    'give either an interface to capture on or --read FILE, not both',
  ]);
}

export {EXIT};
