/** Shapes of the report stage. The arrays it draws beyond summary.json (ReportExtras) are analyze's output. */
export type { ReportExtras, FilterImages, FilterRow, BandingTiles, RgbTile, CorrelationMatrix } from '../analyze/extras.js';

/** The kinds of chart the page draws: chart.js charts (page/chart-kinds.ts) and the block x role table. */
export type PageChartKind =
  | 'rwc-lines'
  | 'rwc-pair'
  | 'cluster-means'
  | 'scree'
  | 'pca'
  | 'layer-clusters'
  | 'changed-fraction'
  | 'changed-by-layer'
  | 'distance'
  | 'training'
  | 'layer-means'
  | 'role-groups'
  | 'block-roles';

/** A chart drawn in the page: its kind and the same input object the PNG renderer receives (plain JSON data). */
export interface PageChart {
  kind: PageChartKind;
  input: unknown;
}

/**
 * One chart of a report, declared once: the PNG file it is written to, the figure's title and caption on the page,
 * the page section it belongs to, the PNG renderer, and (for charts the page draws interactively) the page data.
 * Charts without `page` are shown on the page as their PNG.
 */
export interface ChartEntry {
  file: string;
  title: string;
  caption: string;
  section: string;
  render: () => Buffer;
  page?: PageChart;
}

/** The figure id of a chart on the page: its file name without ".png". */
export function chartId(file: string): string {
  return file.replace(/\.png$/, '');
}
