/** The data embedded in index.html (`<script type="application/json" id="ws-data">`), which the page script reads. */
import type { PageChart } from '../types.js';

/** The layers (display name -> full name, primitive, cluster) and the charts' data, in the order of their canvases. */
export interface PageData {
  layers: { display: string; name: string; primitive: string; op?: string; cluster: number | null }[];
  charts: PageChart[];
}
