"""A stand-in for `safetensors.torch.save_file`, used by scripts/check-readme-snippets.mjs only where the real package
is not installed (machines without PyPI). It writes the format as the safetensors spec defines it: an 8-byte
little-endian header length, a JSON header of dtype/shape/data_offsets per tensor, then the bytes."""
import json
import struct

_DTYPES = {'torch.float32': 'F32', 'torch.float16': 'F16', 'torch.bfloat16': 'BF16', 'torch.float64': 'F64',
           'torch.int64': 'I64', 'torch.int32': 'I32', 'torch.uint8': 'U8', 'torch.bool': 'BOOL'}


def save_file(tensors, filename, metadata=None):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().cpu().contiguous()
        data = t.view(-1).view(dtype=__import__('torch').uint8).numpy().tobytes() if t.numel() else b''
        header[name] = {'dtype': _DTYPES[str(t.dtype)], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header['__metadata__'] = metadata
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(filename, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
