/** Constructors for the plain `Tensor` type (initializers and constants). */
import { DataType, type Tensor } from '../onnx/types.js';
import { elementCount } from '../util/element-count.js';


export function float32Tensor(name: string, dims: readonly number[], data: Float32Array | readonly number[]): Tensor {
  const values = data instanceof Float32Array ? data : Float32Array.from(data);
  if (values.length !== elementCount(dims)) {
    throw new Error(`tensor ${name}: ${values.length} values do not fill dims [${dims.join(', ')}]`);
  }
  return { name, dataType: DataType.FLOAT, dims: [...dims], data: values };
}

export function int64Tensor(name: string, dims: readonly number[], values: readonly (number | bigint)[]): Tensor {
  if (values.length !== elementCount(dims)) {
    throw new Error(`tensor ${name}: ${values.length} values do not fill dims [${dims.join(', ')}]`);
  }
  return { name, dataType: DataType.INT64, dims: [...dims], data: BigInt64Array.from(values, (v) => BigInt(v)) };
}

/** Values of an integer tensor (INT64 or INT32) as numbers. */
export function intValues(t: Tensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
}
