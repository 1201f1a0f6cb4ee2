/** The report stage: charts, index.html, summary.json, CSVs. */
export { writeReport } from './write-report.js';
export { renderReport, type RenderedReport } from './render-report.js';
export type { ReportExtras, FilterImages, FilterRow, BandingTiles, RgbTile, CorrelationMatrix, ChartEntry, PageChart } from './types.js';
export { planCharts } from './chart-plan.js';
export { renderIndexHtml } from './html.js';
export { rawRwcCsv, clippedRwcCsv, csvField } from './csv.js';
export { serializeSummary, replaceNonFinite } from './json.js';
export {
  renderRwcClusters,
  renderClusterMeans,
  renderScree,
  renderPca,
  renderLayerClusters,
  renderChangedFraction,
  renderChangedByLayer,
  renderDistance,
} from './charts/render-png.js';
export { renderRwcHeatmap } from './charts/rwc-heatmap.js';
export { renderFeatureCorrelation } from './charts/feature-correlation.js';
export { renderFilters } from './charts/filters.js';
export { renderBanding } from './charts/banding.js';
export { divergingColor, filterColor, sequentialColor } from './colors.js';
export { displayNames, displayNameMap } from './display-names.js';
export { findings, type Finding } from './findings.js';
