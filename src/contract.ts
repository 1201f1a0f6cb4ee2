/**
 * The names weightscale writes into files and reads back: schema ids of its JSON files and the metadata keys of a
 * checkpoint. One definition each (docs/design.md, "Contracts"); changing one is a format change.
 */
export const RUN_SCHEMA = 'weightscale.run/1';
export const ARTIFACTS_SCHEMA = 'weightscale.artifacts/1';

/** ONNX metadata_props of a checkpoint written by `train`: its epoch (000: initial weights), step and run id. */
export const META_EPOCH = 'weightscale.epoch';
export const META_STEP = 'weightscale.step';
export const META_RUN = 'weightscale.run';
