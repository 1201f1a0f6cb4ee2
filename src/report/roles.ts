/**
 * A transformer's roles as the report shows them (pure): whether a run has roles, the mean RWC of each role group
 * (attention, mlp, embeddings, norms, other) per transition, and the block x role matrix. q/k/v part rows
 * (`partOf`) count in the block x role matrix as their own roles, never in the role-group means (the fused layer
 * already counts there).
 */
import type { LayerSummary, Summary } from '../analyze/types.js';
import { PRIMITIVES, ROLE_GROUPS, roleGroup, type Primitive, type RoleGroup } from '../model/types.js';
import { rawClusterStats, transitionCount } from './summary-data.js';

/** Whether the run has transformer roles: some layer is an attention or MLP projection. */
export function hasRoles(summary: Pick<Summary, 'layers'>): boolean {
  return summary.layers.some((l) => {
    const g = roleGroup(l.primitive);
    return g === 'attention' || g === 'mlp';
  });
}

export interface RoleGroupSeries {
  group: RoleGroup;
  /** Layers in the group (part rows left out). */
  layers: number;
  /** Mean raw RWC of the group's layers per transition (null where none has a value). */
  mean: (number | null)[];
}

/** Per role group present, in ROLE_GROUPS order, the mean RWC per transition. */
export function roleGroupMeans(summary: Summary): RoleGroupSeries[] {
  const transitions = transitionCount(summary);
  const whole = summary.layers.filter((l) => l.partOf === undefined);
  return ROLE_GROUPS.flatMap((group) => {
    const members = whole.filter((l) => roleGroup(l.primitive) === group);
    if (members.length === 0) return [];
    return [{ group, layers: members.length, mean: rawClusterStats(members, transitions).mean }];
  });
}

/** Data-flow order of the roles inside a block; primitives not listed follow in PRIMITIVES order. */
const BLOCK_ORDER: readonly Primitive[] = [
  'norm',
  'attention_qkv',
  'attention_query',
  'attention_key',
  'attention_value',
  'attention_output',
  'layer_scale',
  'mlp_gate',
  'mlp_up',
  'mlp_down',
];

function hasBlock(l: LayerSummary): l is LayerSummary & { block: number } {
  return typeof l.block === 'number' && Number.isInteger(l.block) && l.block >= 0;
}

export interface BlockRoleMatrix {
  /** Block indices present, ascending (depth order). */
  blocks: number[];
  /** Roles of the layers in blocks, in data-flow order. */
  roles: Primitive[];
  /**
   * values[t][b][r]: mean RWC at transition t of the layers of block blocks[b] with role roles[r] (a block's two
   * norms are averaged); null where the block has no such layer or none has a value.
   */
  values: (number | null)[][][];
}

/** The block x role matrix of every transition; null when no layer has a block. */
export function blockRoleMatrix(summary: Summary): BlockRoleMatrix | null {
  const inBlocks = summary.layers.filter(hasBlock);
  if (inBlocks.length === 0) return null;
  const blocks = [...new Set(inBlocks.map((l) => l.block))].sort((a, b) => a - b);
  const present = new Set(inBlocks.map((l) => l.primitive));
  const roles = [...BLOCK_ORDER, ...PRIMITIVES.filter((p) => !BLOCK_ORDER.includes(p))].filter((p) => present.has(p));
  const transitions = transitionCount(summary);
  const means = blocks.map((b) => roles.map((r) => rawClusterStats(inBlocks.filter((l) => l.block === b && l.primitive === r), transitions).mean));
  const values = Array.from({ length: transitions }, (_, t) => means.map((row) => row.map((mean) => mean[t] ?? null)));
  return { blocks, roles, values };
}
