/**
 * What `analyze` produces beyond summary.json: the large arrays the report draws (filter images, banding tiles, a
 * correlation matrix). Every field is optional: a missing one means its chart is skipped.
 */

/** One row of the filter image: the first conv layer's weights at one checkpoint. */
export interface FilterRow {
  /** Shown at the left of the row, e.g. "epoch 3". */
  label: string;
  /** Weights [out, in, kh, kw], row-major, as stored in ONNX. */
  weights: Float32Array;
  /**
   * RWC of each output filter (length `out`) against the previous row or the initial weights, as the caller
   * decides; printed under each tile. Omitted (e.g. for the initial weights): nothing printed.
   */
  filterRwc?: readonly (number | null)[];
}

export interface FilterImages {
  /** Layer name, for the title. */
  layer: string;
  /** [out, in, kh, kw]. */
  shape: readonly [number, number, number, number];
  rows: readonly FilterRow[];
  /** At most this many filters are shown, evenly sampled (default 64). */
  maxFilters?: number;
}

/** One neuron's banding tile: height x width x 3 floats in [0, 1], row-major, channels interleaved (y, x, rgb). */
export interface RgbTile {
  height: number;
  width: number;
  data: ArrayLike<number>;
}

export interface BandingTiles {
  layer: string;
  tiles: readonly RgbTile[];
  /** Chart title; a default naming the layer is used when omitted. */
  title?: string;
  /** At most this many tiles are shown, evenly sampled (default 256). */
  maxTiles?: number;
  /**
   * The layer's output-neuron index of each tile (same length as `tiles`), when the tiles are a sample of the
   * layer's neurons; tiles are labelled with these. Without it they are labelled with their position in `tiles`
   * and the image says so.
   */
  neurons?: readonly number[];
}

export interface CorrelationMatrix {
  layer: string;
  /** Number of rows (features) n. */
  size: number;
  /** n x n Pearson correlations, row-major, in the layer's own feature order. */
  values: ArrayLike<number>;
  /** Display order: order[i] is the feature drawn as row/column i (a permutation of 0..n-1). Default: identity. */
  order?: readonly number[];
}

export interface ReportExtras {
  filters?: FilterImages;
  banding?: BandingTiles;
  correlation?: CorrelationMatrix;
}
