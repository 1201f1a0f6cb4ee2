/** Fixed tensor names of the generated models (besides parameter, state and the forward model's own names). */
export const LABELS = 'labels';
export const LEARNING_RATE = 'lr';
export const STEP = 'step';
export const LOSS = 'loss';
export const CORRECT = 'correct';
export const FIXED_NAMES = [LABELS, LEARNING_RATE, STEP, LOSS, CORRECT] as const;
