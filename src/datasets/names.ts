/** The named datasets on their own, so the CLI can list them in --help without loading the dataset readers. */
export const DATASET_NAMES = ['mnist', 'fashion-mnist', 'synthetic'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];
