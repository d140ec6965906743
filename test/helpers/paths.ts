// Where tests find the project and the shared capture corpus (read in place, never copied).
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const corpusDir = resolve(projectRoot, '..', 'shared', 'corpus');
export const runJs = join(projectRoot, 'bin', 'run.js');
