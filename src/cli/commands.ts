import type { CommandModule } from 'yargs';
import { inspectCommand } from './inspect.js';
import { analyzeCommand } from './analyze.js';
import { diffCommand } from './diff.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [inspectCommand, analyzeCommand, diffCommand];
