/** The analysis options shared by `analyze` and `diff`: yargs definitions and their checked conversion. */
import type { Argv } from 'yargs';
import { invalidOption } from '../errors.js';
import { DEFAULT_ANALYZE_OPTIONS as D, type AnalyzeOptions, type OutputFormat } from '../analyze/types.js';

export interface AnalysisArgs {
  rwc: string;
  params: string;
  outliers: string;
  sigma: number;
  'cluster-space': string;
  k: string;
  'k-max': number;
  'split-by': string;
  every?: number;
  'exclude-ends': boolean;
  seed: number;
  format: string;
  threads?: number;
  budget?: number;
  layer?: string;
}

const FORMATS: readonly OutputFormat[] = ['png', 'html', 'json', 'csv'];

export function withAnalysisOptions<T>(y: Argv<T>): Argv<T & AnalysisArgs> {
  return y
    .option('rwc', {
      choices: ['l1-ratio', 'mean-relative'],
      default: D.rwc,
      describe: "RWC formula: paper eq. 1 (sum|dw|/sum|w|) or the authors' code (mean of |dw|/|w| per element)",
    })
    .option('params', {
      choices: ['weight', 'all'],
      default: D.params,
      describe: "Tensors per layer: the weight only, or weight + bias + norm shift",
    })
    .option('outliers', {
      choices: ['row', 'column', 'none'],
      default: D.outliers,
      describe: 'Replace RWC values beyond --sigma std devs by the mean of their layer (row) or epoch (column)',
    })
    .option('sigma', { type: 'number', default: D.sigma, describe: 'Outlier threshold in standard deviations' })
    .option('cluster-space', {
      choices: ['pca', 'raw'],
      default: D.clusterSpace,
      describe: 'Cluster the 2-D PCA points or the raw (clipped) RWC curves',
    })
    .option('k', { type: 'string', default: 'auto', describe: "Number of clusters, or 'auto' (elbow of the scree curve)" })
    .option('k-max', { type: 'number', default: D.kMax, describe: 'Largest k on the scree curve' })
    .option('split-by', {
      choices: ['primitive', 'none'],
      default: D.splitBy,
      describe: 'Also cluster each primitive group of 3 or more layers',
    })
    .option('every', {
      type: 'number',
      describe: 'Norm distance between every k-th checkpoint [default: 5, or checkpoints-1 if fewer]',
    })
    .option('exclude-ends', {
      type: 'boolean',
      default: D.excludeEnds,
      describe: 'Leave the first and last layer (stem, classifier) out of the clustering',
    })
    .option('seed', { type: 'number', default: D.seed, describe: 'Seed of k-means++ and NMF (same seed, same result)' })
    .option('threads', {
      type: 'number',
      describe: 'Threads for reading and summing tensors and for the matrix products (default: every core); results are identical for any count',
    })
    .option('budget', {
      type: 'number',
      describe: 'Working-set budget of the streaming pass in MB (default 512): caps the threads so their buffers fit',
    })
    .option('layer', {
      type: 'string',
      describe: 'The layer the features stage analyses (feature correlation), by name, instead of the penultimate weighted layer',
    })
    .option('format', {
      type: 'string',
      default: D.formats.join(','),
      describe: 'Comma-separated outputs to write: png, html, json, csv',
    }) as unknown as Argv<T & AnalysisArgs>;
}

/** `--layer NAME`: the name, trimmed; an empty name is an error (a name that is no layer is analyze's to report). */
function featureLayerOf(layer: string | undefined): string | null {
  if (layer === undefined) return null;
  if (typeof layer !== 'string' || layer.trim() === '') throw invalidOption('--layer', layer, 'the name of a layer (see weightscale inspect)');
  return layer.trim();
}

const isPositiveInteger = (v: number): boolean => Number.isInteger(v) && v >= 1;

/** Checks the options once, with one wording for every command (`invalid --FLAG: got VALUE, expected WHAT`). */
/** `--format LIST`: comma-separated outputs, each one of FORMATS, at least one. */
export function parseFormats(list: string): OutputFormat[] {
  const formats = list.split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of formats) {
    if (!FORMATS.includes(f as OutputFormat)) throw invalidOption('--format', f, `some of ${FORMATS.join(', ')}`);
  }
  if (formats.length === 0) throw invalidOption('--format', list, `some of ${FORMATS.join(', ')}`);
  return formats as OutputFormat[];
}

export function toAnalyzeOptions(a: AnalysisArgs): AnalyzeOptions {
  const k = a.k === 'auto' ? 'auto' : Number(a.k);
  if (k !== 'auto' && !isPositiveInteger(k)) throw invalidOption('--k', a.k, "'auto' or a positive integer");
  if (!isPositiveInteger(a['k-max'])) throw invalidOption('--k-max', a['k-max'], 'a positive integer');
  if (!(a.sigma > 0)) throw invalidOption('--sigma', a.sigma, 'a positive number');
  if (a.every !== undefined && !isPositiveInteger(a.every)) throw invalidOption('--every', a.every, 'a positive integer');
  if (!Number.isInteger(a.seed)) throw invalidOption('--seed', a.seed, 'an integer');
  if (a.threads !== undefined && !isPositiveInteger(a.threads)) throw invalidOption('--threads', a.threads, 'a positive integer');
  if (a.budget !== undefined && !(a.budget >= 64)) throw invalidOption('--budget', a.budget, 'a number of MB, at least 64');
  const formats = parseFormats(a.format);
  return {
    rwc: a.rwc as AnalyzeOptions['rwc'],
    params: a.params as AnalyzeOptions['params'],
    outliers: a.outliers as AnalyzeOptions['outliers'],
    sigma: a.sigma,
    clusterSpace: a['cluster-space'] as AnalyzeOptions['clusterSpace'],
    k,
    kMax: a['k-max'],
    splitBy: a['split-by'] as AnalyzeOptions['splitBy'],
    every: a.every ?? null,
    seed: a.seed,
    excludeEnds: a['exclude-ends'],
    formats,
    threads: a.threads ?? null,
    budgetMB: a.budget ?? null,
    featureLayer: featureLayerOf(a.layer),
  };
}
