/**
 * Layer-level helpers for building the zoo's forward graphs: each call adds named nodes and zero-filled parameter
 * initializers (`<layer>.weight`, `<layer>.bias`, BatchNorm's `.running_mean`/`.running_var`, PyTorch's naming)
 * and tracks shapes so that layer sizes (e.g. the first fc's input size) follow from the input shape.
 */
import { InputError } from '../errors.js';
import { DataType, type Dim, type Model } from '../onnx/types.js';
import { floatAttr, intAttr, intsAttr, type AttrMap } from '../graph/attrs.js';
import { GraphBuilder } from '../graph/builder.js';
import { inferNode, type ShapeInfo } from '../graph/shapes.js';
import { float32Tensor } from '../graph/tensors.js';

export interface ConvOptions {
  out: number;
  kernel: number;
  stride?: number;
  /** Default: kernel / 2 rounded down ("same" for odd kernels at stride 1). */
  pad?: number;
  group?: number;
  bias?: boolean;
}

export const INPUT_NAME = 'input';
export const LOGITS_NAME = 'logits';

export class Net {
  readonly b = new GraphBuilder();
  private readonly info: ShapeInfo = { types: new Map(), values: new Map() };

  constructor(readonly inputShape: readonly number[]) {
    if (inputShape.length !== 3 || inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new InputError(`input shape must be [channels, height, width] of positive integers, got [${inputShape.join(', ')}]`);
    }
    const shape: Dim[] = ['batch', ...inputShape];
    this.b.input(INPUT_NAME, DataType.FLOAT, shape);
    this.info.types.set(INPUT_NAME, { elemType: DataType.FLOAT, shape });
  }

  get input(): string {
    return INPUT_NAME;
  }

  shape(x: string): Dim[] {
    const s = this.info.types.get(x)?.shape;
    if (!s) throw new Error(`zoo: no shape for ${x}`);
    return s;
  }

  channels(x: string): number {
    return this.shape(x)[1] as number;
  }

  private node(opType: string, inputs: string[], attrs: AttrMap, name: string, output?: string): string {
    const [out] = this.b.node(opType, inputs, attrs, output === undefined ? { name } : { name, outputs: [output] });
    inferNode(this.b.nodes[this.b.nodes.length - 1]!, this.info);
    const shape = this.shape(out!);
    if (shape.some((d) => typeof d === 'number' && d < 1)) {
      throw new InputError(`input shape [${this.inputShape.join(', ')}] is too small: layer ${name} would have shape [${shape.join(', ')}]`);
    }
    return out!;
  }

  private param(name: string, dims: number[]): string {
    const t = float32Tensor(name, dims, new Float32Array(dims.reduce((a, d) => a * d, 1)));
    this.b.initializer(t);
    this.info.types.set(name, { elemType: DataType.FLOAT, shape: dims });
    return name;
  }

  conv(x: string, name: string, o: ConvOptions): string {
    const group = o.group ?? 1;
    const stride = o.stride ?? 1;
    const pad = o.pad ?? Math.floor(o.kernel / 2);
    const inputs = [x, this.param(`${name}.weight`, [o.out, this.channels(x) / group, o.kernel, o.kernel])];
    if (o.bias ?? true) inputs.push(this.param(`${name}.bias`, [o.out]));
    const attrs: AttrMap = {
      kernel_shape: intsAttr([o.kernel, o.kernel]),
      strides: intsAttr([stride, stride]),
      pads: intsAttr([pad, pad, pad, pad]),
      dilations: intsAttr([1, 1]),
      group: intAttr(group),
    };
    return this.node('Conv', inputs, attrs, name);
  }

  /** BatchNormalization with PyTorch's defaults (eps 1e-5, momentum 0.1 = ONNX momentum 0.9). */
  batchNorm(x: string, name: string): string {
    const c = this.channels(x);
    const inputs = [x, ...['weight', 'bias', 'running_mean', 'running_var'].map((p) => this.param(`${name}.${p}`, [c]))];
    return this.node('BatchNormalization', inputs, { epsilon: floatAttr(1e-5), momentum: floatAttr(0.9) }, name);
  }

  relu(x: string, name: string): string {
    return this.node('Relu', [x], {}, name);
  }

  sigmoid(x: string, name: string): string {
    return this.node('Sigmoid', [x], {}, name);
  }

  /** SiLU (swish) as Mul(x, Sigmoid(x)), the form PyTorch exports. */
  silu(x: string, name: string): string {
    return this.mul(x, this.sigmoid(x, `${name}.sigmoid`), name);
  }

  mul(a: string, b: string, name: string): string {
    return this.node('Mul', [a, b], {}, name);
  }

  add(a: string, b: string, name: string): string {
    return this.node('Add', [a, b], {}, name);
  }

  maxPool(x: string, name: string, kernel: number, stride = kernel): string {
    return this.node('MaxPool', [x], { kernel_shape: intsAttr([kernel, kernel]), strides: intsAttr([stride, stride]) }, name);
  }

  /** MaxPool with symmetric padding (torchvision's ResNet stem: 3x3, stride 2, pad 1). */
  maxPoolPadded(x: string, name: string, kernel: number, stride: number, pad: number): string {
    const attrs: AttrMap = { kernel_shape: intsAttr([kernel, kernel]), strides: intsAttr([stride, stride]), pads: intsAttr([pad, pad, pad, pad]) };
    return this.node('MaxPool', [x], attrs, name);
  }

  /** ReLU6 as PyTorch exports it: Clip(x, 0, 6), the bounds from Constant nodes (not trainable initializers). */
  relu6(x: string, name: string): string {
    return this.node('Clip', [x, this.constant(`${name}.min`, [], [0]), this.constant(`${name}.max`, [], [6])], {}, name);
  }

  /** Dropout with probability p (a Constant ratio): active in training, the identity in eval. */
  dropout(x: string, name: string, p: number): string {
    return this.node('Dropout', [x, this.constant(`${name}.ratio`, [], [p])], {}, name);
  }

  /**
   * PyTorch's AdaptiveAvgPool2d to [out, out]: bin i of an axis of size n averages [floor(i n / out),
   * ceil((i + 1) n / out)). Written as two MatMuls with constant bin-averaging matrices (exact for any n; a
   * 1x1 map is replicated), so it needs no extra gradient rule. The identity when the map already has that size.
   */
  adaptiveAvgPool(x: string, name: string, out: number): string {
    const [, , h, w] = this.shape(x) as number[];
    if (h === out && w === out) return x;
    const bins = (n: number): number[] => {
      const m = new Array<number>(n * out).fill(0); // [n, out]: column i averages bin i
      for (let i = 0; i < out; i++) {
        const lo = Math.floor((i * n) / out), hi = Math.ceil(((i + 1) * n) / out);
        for (let j = lo; j < hi; j++) m[j * out + i] = 1 / (hi - lo);
      }
      return m;
    };
    const alongW = this.node('MatMul', [x, this.constant(`${name}.binsW`, [w!, out], bins(w!))], {}, `${name}.w`);
    const swapped = this.node('Transpose', [alongW], { perm: intsAttr([0, 1, 3, 2]) }, `${name}.swap`);
    const alongH = this.node('MatMul', [swapped, this.constant(`${name}.binsH`, [h!, out], bins(h!))], {}, `${name}.h`);
    return this.node('Transpose', [alongH], { perm: intsAttr([0, 1, 3, 2]) }, name);
  }

  /** A float32 Constant node (not an initializer, so never a parameter). */
  private constant(name: string, dims: number[], values: number[]): string {
    return this.node('Constant', [], { value: { type: 'tensor', value: float32Tensor(`${name}.value`, dims, values) } }, name);
  }

  globalAvgPool(x: string, name: string): string {
    return this.node('GlobalAveragePool', [x], {}, name);
  }

  flatten(x: string, name: string): string {
    return this.node('Flatten', [x], { axis: intAttr(1) }, name);
  }

  /** Fully connected layer as PyTorch exports nn.Linear: Gemm(x, W [out, in], b, transB=1). */
  linear(x: string, name: string, out: number, output?: string): string {
    const inSize = this.shape(x)[1];
    if (typeof inSize !== 'number') throw new Error(`zoo: ${name} input size is not static`);
    const inputs = [x, this.param(`${name}.weight`, [out, inSize]), this.param(`${name}.bias`, [out])];
    return this.node('Gemm', inputs, { transB: intAttr(1) }, name, output);
  }

  /** The model with `logits` ([batch, numClasses]) as its output. */
  finish(logits: string, modelName: string): Model {
    this.b.output(logits, DataType.FLOAT, this.shape(logits));
    return this.b.build(modelName, { 'weightscale.model': modelName });
  }
}
