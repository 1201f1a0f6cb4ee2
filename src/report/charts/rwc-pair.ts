/**
 * The diff's A/B pair of RWC panels (rwc-side-by-side.png and the page's two canvases): each panel is the
 * rwc-clusters chart with its y-axis replaced by one scale shared by both runs, so their heights compare.
 */
import type { ChartConfiguration } from 'chart.js';
import { axisTitle, logAxisTicks, type ChartView } from '../chart-options.js';
import { forLogAxis, rwcClustersConfig, type RwcClustersInput } from './rwc-clusters.js';
import { sharedScale, type SharedScale } from './shared-scale.js';

export interface RwcPairInput {
  panels: readonly [RwcClustersInput, RwcClustersInput];
}

/** The scale both panels share. */
export function pairScale(panels: readonly RwcClustersInput[]): SharedScale {
  return sharedScale(panels.flatMap((p) => p.series.flatMap((s) => s.values)));
}

/** The panel's chart.js configuration on the shared y-scale. */
export function panelConfig(panel: RwcClustersInput, scale: SharedScale, view: ChartView = {}): ChartConfiguration {
  const config = rwcClustersConfig(panel, { ...view, log: scale.log });
  for (const dataset of config.data.datasets) {
    dataset.data = forLogAxis(dataset.data as (number | null)[], scale.log);
  }
  const scales = (config.options!.scales ?? {}) as Record<string, unknown>;
  scales.y = {
    type: scale.log ? 'logarithmic' : 'linear',
    min: scale.min,
    max: scale.max,
    title: axisTitle(`${panel.valueLabel}${scale.log ? ' — log scale' : ''} (same scale in both panels)`),
    ticks: scale.log ? logAxisTicks() : {},
  };
  config.options!.scales = scales as never;
  return config;
}

/** Panel `index` (0 = run A, 1 = run B) as the page draws it: titled with its run, on the shared scale. */
export function pairPanelConfig(input: RwcPairInput, index: number, view: ChartView = {}): ChartConfiguration {
  const config = panelConfig(input.panels[index], pairScale(input.panels), view);
  config.options!.plugins = { ...config.options!.plugins, title: { display: true, text: `Run ${index === 0 ? 'A' : 'B'}` } };
  return config;
}
