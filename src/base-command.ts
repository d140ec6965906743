// Plumbing every llreach command shares: colour policy, EPIPE, and exit codes that hold under --json.
import {Command, Flags} from '@oclif/core';
import chalk, {type ChalkInstance} from 'chalk';

import {errorJson, LlreachError} from './errors.js';
import {EXIT} from './exit-codes.js';

/** A failed write to standard output (ENOSPC from a full disk, EIO, ...): not a bug in llreach. */
function isOutputError(error: Error & {syscall?: string}): boolean {
  return error.syscall === 'write' && !(error instanceof LlreachError);
}

function outputFailed(error: Error): LlreachError {
  return new LlreachError('OUTPUT_FAILED', `cannot write the output: ${error.message}`, EXIT.OUTPUT_FAILED, [
    'check where the output goes: a full disk, or a pipe whose reader failed',
  ]);
}

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  static baseFlags = {
    color: Flags.boolean({
      allowNo: true,
      default: true,
      description: 'Colour the output (off when NO_COLOR is set or stdout is not a terminal).',
      helpGroup: 'OUTPUT',
    }),
  };

  protected override async init(): Promise<void> {
    await super.init();
    // oclif's own listener rethrows every error but EPIPE, which ends in a stack trace: ours
    // replaces it and says what failed.
    process.stdout.removeAllListeners('error');
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      // A reader that goes away (`llreach show | head`) is a normal end, not a crash.
      if (error.code === 'EPIPE') process.exit(EXIT.OK);
      process.stderr.write(` ›   Error: ${outputFailed(error).message}\n`);
      process.exit(EXIT.OUTPUT_FAILED);
    });
  }

  /** chalk with llreach's policy: chalk itself ignores NO_COLOR (STACK.md §5), so we apply it. */
  protected colorFor(wantColor: boolean): ChalkInstance {
    const noColorEnv = Boolean(process.env.NO_COLOR) && process.env.FORCE_COLOR === undefined;
    if (!wantColor || noColorEnv) chalk.level = 0;
    return chalk;
  }

  /**
   * oclif's catch() sets exit code 1 under --json whatever the error asked for; scripts rely on
   * our documented codes, so take the code from the error first.
   */
  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}) {
    const reported: Error & {exitCode?: number; oclif?: {exit?: number}} = isOutputError(error) ? outputFailed(error) : error;
    const wanted = reported.oclif?.exit ?? reported.exitCode;
    if (wanted !== undefined) process.exitCode = wanted;
    return super.catch(reported);
  }

  protected override toErrorJson(error: unknown): unknown {
    return error instanceof Error ? errorJson(error) : {error};
  }
}
