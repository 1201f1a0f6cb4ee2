/** Shapes of the report stage. The arrays it draws beyond summary.json (ReportExtras) are analyze's output. */
export type { ReportExtras, FilterImages, FilterRow, BandingTiles, RgbTile, CorrelationMatrix } from '../analyze/extras.js';

/** A chart the report will write: its file name and a renderer producing the PNG. */
export interface ChartJob {
  file: string;
  render: () => Buffer;
}
