/** What a run reports while it goes: batch progress, its start, and each finished epoch (also its run.json entry). */

export interface TrainProgress {
  phase: 'train' | 'eval';
  /** 1-based epoch being trained or evaluated (0: evaluation of the initial weights). */
  epoch: number;
  epochs: number;
  /** 1-based batch index within the phase. */
  batch: number;
  batches: number;
  /** Running mean loss and accuracy of the phase so far. */
  loss: number;
  acc: number;
}

export interface RunStart {
  provider: 'cuda' | 'cpu';
  /** Why CUDA was not used, in a few words (under --device auto on CPU); the full reason is in `notes`. */
  fallback: string | null;
  notes: string[];
  /** Epoch the run continues from with --resume (null: started fresh). */
  resumedFrom: number | null;
}

export interface EpochRecord {
  epoch: number;
  /** Optimizer steps taken so far (after this epoch). */
  step: number;
  checkpoint: string;
  /** null for epoch 0 (initial weights, not trained). */
  trainLoss: number | null;
  trainAccuracy: number | null;
  testLoss: number;
  testAccuracy: number;
  /** Whole epoch: training, evaluation and writing the checkpoint. */
  wallSeconds: number;
  /** Time inside session.run of the training model, and the rest of the training loop (batching, feeds, copies). */
  trainRunSeconds: number;
  trainJsSeconds: number;
  /** Evaluation on the test split (session.run included). */
  evalSeconds: number;
  evalRunSeconds: number;
  /** Writing epoch-NNN.onnx and epoch-NNN.state. */
  writeSeconds: number;
}
