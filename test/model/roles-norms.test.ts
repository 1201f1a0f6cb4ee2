/**
 * Decomposed norms (src/model/norm-decomposed.ts), one graph per accepted variant: each is one `norm` layer on the
 * Mul(gamma) node, weight gamma, extras [beta].
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLayers } from '../../src/model/layers.js';
import { GraphBuilder, ints } from './graph-builder.js';

const C = 8;

function scalar(b: GraphBuilder, name: string): string {
  return b.init(name, []);
}

/** x -> ReduceMean -> Sub -> (Pow|Mul) -> ReduceMean -> Add(eps) -> Sqrt; the numerator is `d` or a second Sub. */
function layerNorm(
  b: GraphBuilder,
  x: string,
  name: string,
  options: { square?: 'Pow' | 'Mul'; divide?: 'Div' | 'Reciprocal' | 'DivOne'; casts?: boolean; repeatSub?: boolean; beta?: boolean } = {},
): string {
  const cast = (v: string): string => (options.casts ? b.node('Cast', [v], { attrs: { to: { type: 'int', value: 1 } } }) : v);
  const mean = b.node('ReduceMean', [x], { name: `${name}/ReduceMean`, attrs: { axes: ints([-1]) } });
  const d = b.node('Sub', [x, mean], { name: `${name}/Sub` });
  const sq = options.square === 'Mul' ? b.node('Mul', [cast(d), cast(d)]) : b.node('Pow', [cast(d), scalar(b, `${name}.two`)]);
  const variance = b.node('ReduceMean', [sq], { attrs: { axes: ints([-1]) } });
  const s = b.node('Sqrt', [b.node('Add', [variance, scalar(b, `${name}.eps`)])]);
  const numerator = options.repeatSub ? b.node('Sub', [x, mean], { name: `${name}/Sub_dup` }) : d;
  let n: string;
  if (options.divide === 'Reciprocal') n = b.node('Mul', [cast(numerator), b.node('Reciprocal', [s])]);
  else if (options.divide === 'DivOne') n = b.node('Mul', [numerator, b.node('Div', [scalar(b, `${name}.one`), s])]);
  else n = b.node('Div', [cast(numerator), s]);
  const scaled = b.node('Mul', [cast(n), b.init(`${name}.weight`, [C])], { name: `${name}/Mul` });
  return options.beta === false ? scaled : b.node('Add', [scaled, b.init(`${name}.bias`, [C])], { name: `${name}/Add` });
}

function rmsNorm(b: GraphBuilder, x: string, name: string, form: 'Pow' | 'Mul'): string {
  const sq = form === 'Pow' ? b.node('Pow', [x, scalar(b, `${name}.two`)]) : b.node('Mul', [x, x]);
  const s = b.node('Sqrt', [b.node('Add', [b.node('ReduceMean', [sq], { attrs: { axes: ints([-1]) } }), scalar(b, `${name}.eps`)])]);
  const n = b.node('Mul', [x, b.node('Div', [scalar(b, `${name}.one`), s])]);
  return b.node('Mul', [b.init(`${name}.weight`, [C]), n], { name: `${name}/Mul_1` });
}

function norms(b: GraphBuilder): Array<[string, string, string, string[]]> {
  return extractLayers(b.model()).map((l) => [l.name, l.primitive, l.weight, l.extras]);
}

test('LayerNorm below opset 17, every accepted variant: one norm layer each, gamma the weight, beta the extra', () => {
  const b = new GraphBuilder();
  let x = b.input('x');
  const variants = [
    {},
    { square: 'Mul' as const },
    { divide: 'Reciprocal' as const },
    { divide: 'DivOne' as const },
    { casts: true },
    { repeatSub: true },
  ];
  variants.forEach((options, i) => (x = layerNorm(b, x, `ln${i}`, options)));
  assert.deepEqual(
    norms(b),
    variants.map((_, i) => [`ln${i}/Mul`, 'norm', `ln${i}.weight`, [`ln${i}.bias`]]),
  );
});

test('RMSNorm with Pow or Mul(x, x) and Div(1, sqrt): gamma only', () => {
  const b = new GraphBuilder();
  const y = rmsNorm(b, b.input('x'), 'rms0', 'Pow');
  rmsNorm(b, y, 'rms1', 'Mul');
  assert.deepEqual(norms(b), [
    ['rms0/Mul_1', 'norm', 'rms0.weight', []],
    ['rms1/Mul_1', 'norm', 'rms1.weight', []],
  ]);
});

test('a broken chain is no norm: without the Sqrt its gamma and beta are plain parameters', () => {
  const b = new GraphBuilder();
  const x = b.input('x');
  const d = b.node('Sub', [x, b.node('ReduceMean', [x], { attrs: { axes: ints([-1]) } })]);
  const n = b.node('Div', [d, b.node('ReduceMean', [b.node('Mul', [d, d])], { attrs: { axes: ints([-1]) } })]);
  b.node('Add', [b.node('Mul', [n, b.init('g', [C])], { name: 'scale' }), b.init('beta', [C])], { name: 'shift' });
  assert.deepEqual(extractLayers(b.model()).map((l) => [l.name, l.primitive]), [['g', 'param'], ['beta', 'param']]);
});

test('GroupNormalization is a norm op', () => {
  const b = new GraphBuilder();
  b.node('GroupNormalization', [b.input('x'), b.init('gn.scale', [C]), b.init('gn.bias', [C])], { name: 'gn' });
  assert.deepEqual(norms(b), [['gn', 'norm', 'gn.scale', ['gn.bias']]]);
});
