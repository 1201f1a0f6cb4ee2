export * from './onnx/types.js';
export * from './model/types.js';
export { InputError } from './errors.js';
