#!/usr/bin/python3
"""Writes fixtures/onnx/reference.onnx (+ reference-weights.bin) with the reference `onnx` Python package.

Dev-time only (Debian python3-onnx / python3-numpy): the committed files let test/onnx/reference-fixture.test.ts
check the TypeScript reader against bytes written by a different implementation.
Covers: float16 and double raw_data, float32 via float_data, float16 via int32_data, bfloat16 raw_data,
int64 via int64_data, two float32 tensors in one external file (second at a non-zero offset), a Conv node
with int/ints/string attributes, a Constant with a tensor attribute, dim_param shapes and metadata_props.
"""
import os
import struct

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

here = os.path.dirname(os.path.abspath(__file__))
out_dir = os.path.join(here, '..', 'fixtures', 'onnx')
os.makedirs(out_dir, exist_ok=True)

half = numpy_helper.from_array(np.array([1.0, -2.0, 65504.0, 2.0 ** -24, np.inf, 0.5], dtype=np.float16), 'half_raw')
double = numpy_helper.from_array(np.array([[np.pi, -1e300], [5e-324, 0.1]], dtype=np.float64), 'double_raw')
floats_typed = helper.make_tensor('float_typed', TensorProto.FLOAT, [3], [0.25, -1.5, 3.0e-5], raw=False)
half_bits = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00]


def plain_tensor(name, data_type, dims):
    t = TensorProto()
    t.name = name
    t.data_type = data_type
    t.dims.extend(dims)
    return t


half_typed = plain_tensor('half_typed', TensorProto.FLOAT16, [5])
half_typed.int32_data.extend(half_bits)
bf16 = plain_tensor('bf16_raw', TensorProto.BFLOAT16, [3])
bf16.raw_data = struct.pack('<3H', 0x3F80, 0xC040, 0x0001)
ints_typed = helper.make_tensor('shape_typed', TensorProto.INT64, [2], [-1, 3136], raw=False)

ext_a = np.array([[1.5, -2.25], [3.0, 0.125]], dtype=np.float32)
ext_b = np.array([-0.5, 7.0, 1e-3], dtype=np.float32)
bin_name = 'reference-weights.bin'
with open(os.path.join(out_dir, bin_name), 'wb') as f:
    f.write(ext_a.tobytes())
    f.write(b'\0' * 8)  # gap, so the second tensor's offset is not simply the end of the first
    f.write(ext_b.tobytes())


def external(name, arr, offset):
    t = plain_tensor(name, TensorProto.FLOAT, arr.shape)
    t.data_location = TensorProto.EXTERNAL
    for k, v in (('location', bin_name), ('offset', str(offset)), ('length', str(arr.nbytes))):
        e = t.external_data.add()
        e.key = k
        e.value = v
    return t


conv_w = external('conv.weight', ext_a.reshape(1, 1, 2, 2), 0)
fc_b = external('fc.bias', ext_b, ext_a.nbytes + 8)

nodes = [
    helper.make_node('Conv', ['x', 'conv.weight'], ['c'], name='conv', kernel_shape=[2, 2], group=1,
                     pads=[0, 0, 0, 0], auto_pad='NOTSET'),
    helper.make_node('Constant', [], ['k'], name='const', value=numpy_helper.from_array(np.array([2.0, 4.0], dtype=np.float32), 'k_val')),
    helper.make_node('Reshape', ['c', 'shape_typed'], ['y'], name='reshape'),
]
graph = helper.make_graph(
    nodes, 'reference',
    [helper.make_tensor_value_info('x', TensorProto.FLOAT, ['N', 1, 3, 3])],
    [helper.make_tensor_value_info('y', TensorProto.FLOAT, ['N', None])],
    initializer=[conv_w, fc_b, half, double, floats_typed, half_typed, bf16, ints_typed],
)
model = helper.make_model(graph, producer_name='make-onnx-fixtures', producer_version='1',
                          opset_imports=[helper.make_opsetid('', 17)])
model.ir_version = 8
helper.set_model_props(model, {'weightscale.epoch': '7', 'weightscale.run': 'reference'})
path = os.path.join(out_dir, 'reference.onnx')
onnx.save(model, path)
onnx.checker.check_model(path)
print('wrote', path, 'with onnx', onnx.__version__)
