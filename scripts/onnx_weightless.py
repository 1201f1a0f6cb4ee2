"""Shared by the fixture scripts: turn an ONNX file's float initializers into graph inputs, so the committed file
keeps the graph but not the weights (tests supply the weights from a documented formula)."""
import onnx


def strip_float_initializers(path):
    m = onnx.load(path)
    inputs = {i.name for i in m.graph.input}
    kept = []
    for t in m.graph.initializer:
        if t.data_type == onnx.TensorProto.FLOAT:
            if t.name not in inputs:
                m.graph.input.append(onnx.helper.make_tensor_value_info(t.name, onnx.TensorProto.FLOAT, list(t.dims)))
        else:
            kept.append(t)
    del m.graph.initializer[:]
    m.graph.initializer.extend(kept)
    onnx.save(m, path)
