import type { CommandModule } from 'yargs';
import { inspectCommand } from './inspect.js';
import { analyzeCommand } from './analyze.js';
import { diffCommand } from './diff.js';
import { trainCommand } from './train.js';
import { artifactsCommand } from './artifacts.js';
import { mergeCommand } from './merge.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [trainCommand, artifactsCommand, analyzeCommand, mergeCommand, diffCommand, inspectCommand];
