/**
 * Fitting a dataset's images to the input shape a model wants, done once at load time:
 * - channels: equal, or 1 -> 3 by repeating the grey channel (MNIST into an RGB model); anything else is an error;
 * - height/width: equal; a target at most 8 pixels larger in both dims is reached by centred zero padding (MNIST
 *   28x28 -> 32x32, the classic LeNet padding; 0 is the normalised mean); any other size by bilinear resizing
 *   with PyTorch's F.interpolate(mode="bilinear", align_corners=False) sampling.
 * The dataset's `normalization` text says what was done.
 */
import { InputError } from '../errors.js';
import type { Dataset, Split } from './types.js';

type Shape = readonly [number, number, number];

/** One H x W plane resized bilinearly (align_corners = false) to th x tw. */
export function resizeBilinear(src: Float32Array, h: number, w: number, th: number, tw: number): Float32Array {
  const out = new Float32Array(th * tw);
  const coord = (i: number, scale: number, n: number): [number, number, number] => {
    const x = Math.max(0, (i + 0.5) * scale - 0.5);
    const lo = Math.min(Math.floor(x), n - 1);
    return [lo, Math.min(lo + 1, n - 1), x - lo];
  };
  for (let y = 0; y < th; y++) {
    const [y0, y1, fy] = coord(y, h / th, h);
    for (let x = 0; x < tw; x++) {
      const [x0, x1, fx] = coord(x, w / tw, w);
      const top = src[y0 * w + x0]! * (1 - fx) + src[y0 * w + x1]! * fx;
      const bottom = src[y1 * w + x0]! * (1 - fx) + src[y1 * w + x1]! * fx;
      out[y * tw + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

function padCentred(src: Float32Array, h: number, w: number, th: number, tw: number): Float32Array {
  const out = new Float32Array(th * tw);
  const top = Math.floor((th - h) / 2), left = Math.floor((tw - w) / 2);
  for (let y = 0; y < h; y++) out.set(src.subarray(y * w, (y + 1) * w), (y + top) * tw + left);
  return out;
}

/** How the spatial size is reached: 'same', 'pad' or 'resize'. */
export function spatialFit(from: Shape, to: Shape): 'same' | 'pad' | 'resize' {
  const [, h, w] = from, [, th, tw] = to;
  if (h === th && w === tw) return 'same';
  return th >= h && tw >= w && th - h <= 8 && tw - w <= 8 ? 'pad' : 'resize';
}

function fitSplit(split: Split, from: Shape, to: Shape): Split {
  const [c, h, w] = from, [tc, th, tw] = to;
  const how = spatialFit(from, to);
  const inSize = c * h * w, outSize = tc * th * tw;
  const images = new Float32Array(split.count * outSize);
  for (let n = 0; n < split.count; n++) {
    for (let k = 0; k < tc; k++) {
      const plane = split.images.subarray(n * inSize + (c === 1 ? 0 : k) * h * w, n * inSize + ((c === 1 ? 0 : k) + 1) * h * w);
      const fitted = how === 'same' ? plane : how === 'pad' ? padCentred(plane, h, w, th, tw) : resizeBilinear(plane, h, w, th, tw);
      images.set(fitted, n * outSize + k * th * tw);
    }
  }
  return { ...split, images };
}

/** The dataset with images of shape `to` (the same object when it already fits). */
export function fitDataset(d: Dataset, to: Shape): Dataset {
  const from = d.shape;
  if (from[0] === to[0] && from[1] === to[1] && from[2] === to[2]) return d;
  if (from[0] !== to[0] && !(from[0] === 1 && to[0] === 3)) {
    throw new InputError(`the model takes ${to[0]}-channel images but the ${d.name} images have ${from[0]} channels`);
  }
  const how = spatialFit(from, to);
  const steps = [
    ...(how === 'pad' ? [`zero-padded ${from[1]}x${from[2]} -> ${to[1]}x${to[2]}`] : []),
    ...(how === 'resize' ? [`resized bilinearly ${from[1]}x${from[2]} -> ${to[1]}x${to[2]}`] : []),
    ...(from[0] !== to[0] ? ['grey channel repeated to 3'] : []),
  ];
  return {
    ...d,
    shape: [to[0], to[1], to[2]],
    normalization: `${d.normalization}; then ${steps.join(', ')}`,
    train: fitSplit(d.train, from, to),
    test: fitSplit(d.test, from, to),
  };
}
