/** role-groups.png: the mean RWC of each role group (attention, MLP, embeddings, norms, other) per transition. */
import type { ChartConfiguration } from 'chart.js';
import type { RoleGroup } from '../../model/types.js';
import { axisTitle, linearAxisTicks, logAxisTicks, pageOnly, titleOption, type ChartView, type TooltipItem } from '../chart-options.js';
import { formatNumber, shouldUseLogScale } from '../scales.js';
import { forLogAxis } from './rwc-clusters.js';

/** One colour per role group, the same on the page and in the PNG. */
export const ROLE_GROUP_COLORS: Record<RoleGroup, string> = {
  attention: '#1f77b4',
  mlp: '#ff7f0e',
  embeddings: '#2ca02c',
  norms: '#9467bd',
  other: '#7f7f7f',
};

export interface RoleGroupLine {
  /** Legend text, e.g. "attention (24 layers)". */
  label: string;
  color: string;
  mean: readonly (number | null)[];
}

export interface RoleGroupMeansInput {
  title: string;
  xLabels: readonly string[];
  xTitle: string;
  valueLabel: string;
  groups: readonly RoleGroupLine[];
}

export function roleGroupMeansConfig(input: RoleGroupMeansInput, view: ChartView = {}): ChartConfiguration {
  const all = input.groups.flatMap((g) => [...g.mean]);
  const log = view.log ?? shouldUseLogScale(all);
  return {
    type: 'line',
    data: {
      labels: [...input.xLabels],
      datasets: input.groups.map((g) => ({
        label: g.label,
        raw: g.mean,
        data: forLogAxis(g.mean, log),
        borderColor: g.color,
        backgroundColor: g.color,
        borderWidth: 3,
        pointRadius: 3,
        fill: false,
      })),
    },
    options: {
      plugins: {
        title: titleOption(input.title),
        legend: { display: true, position: 'top', labels: { font: { size: 13 } } },
        ...pageOnly(view, {
          tooltip: { callbacks: { label: (item: TooltipItem) => `${item.dataset.label}: ${formatNumber(item.dataset.raw[item.dataIndex])}` } },
        }),
      },
      ...pageOnly(view, { interaction: { mode: 'index', intersect: false } }),
      scales: {
        x: { title: axisTitle(input.xTitle) },
        y: {
          type: log ? 'logarithmic' : 'linear',
          title: axisTitle(`mean ${input.valueLabel} of the group's layers${log ? ' — log scale' : ''}`),
          ticks: log ? logAxisTicks(all) : linearAxisTicks(),
        },
      },
    },
  } as ChartConfiguration;
}
