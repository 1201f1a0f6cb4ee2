/** Shared styling of cluster-coloured charts: colours, group labels, grouped legends. */
import { categoricalColor, UNCLUSTERED_COLOR } from '../colors.js';
import { clusterLabel } from '../summary-data.js';

export function clusterColor(cluster: number | null): string {
  return cluster === null ? UNCLUSTERED_COLOR : categoricalColor(cluster);
}

export function groupLabel(cluster: number | null, size: number): string {
  return cluster === null ? `not clustered (${size} layer${size === 1 ? '' : 's'})` : clusterLabel(cluster, size);
}

/** Cluster ids present, ascending, with null (not clustered) last. */
export function orderedGroups(clusters: Iterable<number | null>): (number | null)[] {
  const set = new Set(clusters);
  const ids = [...set].filter((c): c is number => c !== null).sort((a, b) => a - b);
  return set.has(null) ? [...ids, null] : ids;
}

/**
 * Legend options showing only the datasets whose index is in `shown` (one per group), so a chart with one
 * dataset per layer gets one legend entry per cluster.
 */
export function groupedLegend(shown: ReadonlySet<number>) {
  return {
    display: true,
    position: 'top' as const,
    labels: {
      filter: (item: { datasetIndex?: number }) => item.datasetIndex !== undefined && shown.has(item.datasetIndex),
      font: { size: 13 },
      boxWidth: 28,
    },
  };
}
