export * from './types.js';
export { encodeModel, writeModelAtomic } from './encode.js';
export { decodeModel, type DecodeOptions } from './decode.js';
export { readModel, readModelDeferred } from './read.js';
export { halfToFloat, floatToHalf, bfloat16ToFloat, floatToBfloat16 } from './float16.js';
