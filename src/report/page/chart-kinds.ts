/**
 * The chart kinds the page draws, by the `kind` of their page data (types.ts PageChart): each is the chart module
 * that also builds the PNG, called with `{ page: true }`. `switchable`: the y-axis can be switched between log and
 * linear (the chart module decides the default from its data). Pure, browser-safe: bundled into the page script.
 */
import type { ChartConfiguration } from 'chart.js';
import type { ChartView } from '../chart-options.js';
import { changedByLayerConfig } from '../charts/changed-by-layer.js';
import { changedFractionConfig } from '../charts/changed-fraction.js';
import { distanceConfig } from '../charts/distances.js';
import { layerClustersConfig } from '../charts/layer-clusters.js';
import { layerMeansConfig } from '../charts/layer-rwc-a-vs-b.js';
import { pcaConfig } from '../charts/pca.js';
import { roleGroupMeansConfig } from '../charts/role-group-means.js';
import { rwcClustersConfig } from '../charts/rwc-clusters.js';
import { clusterMeansConfig } from '../charts/rwc-cluster-means.js';
import { pairPanelConfig } from '../charts/rwc-pair.js';
import { screeConfig } from '../charts/scree.js';
import { trainingConfig } from '../charts/training.js';

export interface PageChartKind {
  /** `panel`: which canvas of a chart drawn on several (the diff's run A and run B), else 0. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  build(input: any, view: ChartView, panel: number): ChartConfiguration;
  switchable: boolean;
  /** The configuration's own title is shown (else the figure caption is the title). */
  titled?: boolean;
}

export const PAGE_CHART_KINDS: Record<string, PageChartKind> = {
  'rwc-lines': { build: (input, view) => rwcClustersConfig(input, view), switchable: true },
  'cluster-means': { build: (input, view) => clusterMeansConfig(input, view), switchable: true },
  scree: { build: (input, view) => screeConfig(input, view), switchable: false },
  pca: { build: (input, view) => pcaConfig(input, view), switchable: false },
  'layer-clusters': { build: (input, view) => layerClustersConfig(input, view), switchable: true },
  'changed-fraction': { build: (input, view) => changedFractionConfig(input, view), switchable: false },
  'changed-by-layer': { build: (input, view) => changedByLayerConfig(input, view), switchable: false },
  distance: { build: (input, view) => distanceConfig(input, view), switchable: false },
  training: { build: (input, view) => trainingConfig(input, view), switchable: false },
  'layer-means': { build: (input, view) => layerMeansConfig(input, view), switchable: true },
  'role-groups': { build: (input, view) => roleGroupMeansConfig(input, view), switchable: true },
  'rwc-pair': { build: (input, view, panel) => pairPanelConfig(input, panel, view), switchable: false, titled: true },
};
