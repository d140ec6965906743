// Plumbing every llreach command shares: colour policy, EPIPE, and exit codes that hold under --json.
import {Command, Flags} from '@oclif/core';
import chalk, {type ChalkInstance} from 'chalk';

import {errorJson} from './errors.js';
import {EXIT} from './exit-codes.js';

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
    // A reader that goes away (`llreach show | head`) is a normal end, not a crash.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(EXIT.OK);
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
    const wanted = error.oclif?.exit ?? error.exitCode;
    if (wanted !== undefined) process.exitCode = wanted;
    return super.catch(error);
  }

  protected override toErrorJson(error: unknown): unknown {
    return error instanceof Error ? errorJson(error) : {error};
  }
}
