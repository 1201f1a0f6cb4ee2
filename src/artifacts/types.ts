/**
 * Contracts of the training stage: the training artifacts (docs/design.md section 7) as written to `artifacts.json`,
 * and the pieces the driver exchanges with the artifact generator and the runtime.
 */
import type { ARTIFACTS_SCHEMA } from '../contract.js';
import type { Model } from '../onnx/types.js';

export type OptimizerKind = 'sgd' | 'momentum' | 'adam';

export interface OptimizerConfig {
  kind: OptimizerKind;
  /** SGD momentum coefficient (kind 'momentum'); default 0.9. */
  momentum: number;
  /** Adam coefficients; defaults 0.9, 0.999, 1e-8. */
  beta1: number;
  beta2: number;
  epsilon: number;
  /** L2 weight decay added to the gradient (PyTorch SGD/Adam semantics); default 0. */
  weightDecay: number;
}

export interface TensorSpec {
  name: string;
  /** Static dims; 'batch' for the symbolic batch dimension. */
  shape: (number | 'batch')[];
  dtype: 'float32' | 'int64';
}

export interface ParamSpec {
  /** Initializer name in the forward model; also the training model's input name for it. */
  name: string;
  /** Shape in the model (and in checkpoints). */
  shape: number[];
  /**
   * Where the training model holds the tensor in another layout: the permutation (ONNX Transpose `perm`) from the
   * model's layout to the training model's, e.g. [0, 2, 3, 1] for a convolution weight held channels-last. Its
   * optimizer state is held the same way. The eval and inference models and all files use the model's layout.
   */
  layout?: number[];
  /** false: frozen (passed through unchanged) or a non-trainable buffer such as a BatchNorm running statistic. */
  trainable: boolean;
  /** 'parameter' for weights/biases, 'buffer' for running statistics updated by the forward pass in training mode. */
  role: 'parameter' | 'buffer';
  /** Training-model output carrying the updated value. */
  updatedName: string;
}

export interface StateSpec {
  /** Training-model input name of this optimizer state tensor (e.g. `momentum.conv1.weight`). */
  name: string;
  /** Shape in the model's layout (the training model holds it in its parameter's layout). */
  shape: number[];
  /** The parameter it belongs to. */
  param: string;
  kind: 'momentum' | 'adam_m' | 'adam_v';
  /** Training-model output carrying the updated state. */
  updatedName: string;
  /** Initial value of every element (0 for all current kinds). */
  initial: number;
}

/** The I/O contract of the training artifacts, written as `artifacts.json`. */
export interface ArtifactsContract {
  schema: typeof ARTIFACTS_SCHEMA;
  /** Zoo name or the forward model's file name. */
  model: string;
  loss: 'cross-entropy';
  optimizer: OptimizerConfig;
  opset: number;
  /** Batch input, float32, shape e.g. ['batch', 1, 28, 28]. */
  input: TensorSpec;
  /** Integer class labels, int64, shape ['batch']. */
  labels: TensorSpec;
  numClasses: number;
  /** Scalars fed every step: learning rate (float32, shape []) and the 1-based step count (int64, shape []). */
  lr: string;
  step: string;
  params: ParamSpec[];
  state: StateSpec[];
  /** Outputs of training and eval models: mean loss (float32 []) and number of correct predictions (int64 []). */
  loss_output: string;
  correct_output: string;
  /** Output of the inference model: logits (float32 ['batch', numClasses]). */
  logits_output: string;
  files: {
    training: 'training_model.onnx';
    eval: 'eval_model.onnx';
    inference: 'inference_model.onnx';
    checkpoint: 'checkpoint.onnx';
  };
}

/** Everything `artifacts` produces, in memory. */
export interface TrainingArtifacts {
  training: Model;
  eval: Model;
  inference: Model;
  /** The inference model carrying the initial weights (what `checkpoint.onnx` holds). */
  checkpoint: Model;
  contract: ArtifactsContract;
}
