import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl, siblingUrl } from '../../src/remote/url.js';
import { authorization, tokenFor } from '../../src/remote/token.js';

test('a URL is shown without its query string, fragment or user info', () => {
  assert.equal(redactUrl('https://user:pw@bucket.s3.amazonaws.com/run/a.safetensors?X-Amz-Signature=abc#x'), 'https://bucket.s3.amazonaws.com/run/a.safetensors');
});

test('names inside a checkpoint resolve beside it, without the query string, and may not leave its folder', () => {
  assert.equal(
    siblingUrl('https://huggingface.co/org/m/resolve/step10/model.safetensors.index.json?download=1', 'model-00001-of-00002.safetensors', 'x', 'shard'),
    'https://huggingface.co/org/m/resolve/step10/model-00001-of-00002.safetensors',
  );
  assert.equal(siblingUrl('http://h/a/b.onnx', 'w/b.onnx data', 'x', 'external data'), 'http://h/a/w/b.onnx%20data');
  for (const bad of ['../x', '/etc/passwd', 'http://evil/x', 'a/../../x', 'a\\b', '']) {
    assert.throws(() => siblingUrl('http://h/a/b.onnx', bad, 'http://h/a/b.onnx', 'external data'), /not a plain relative name/, bad);
  }
});

test('the token: WEIGHTSCALE_HTTP_TOKEN for any listed host, HF_TOKEN for hub hosts only', () => {
  assert.equal(tokenFor('example.org', { WEIGHTSCALE_HTTP_TOKEN: 'a', HF_TOKEN: 'b' }), 'a');
  assert.equal(tokenFor('huggingface.co', { HF_TOKEN: 'b' }), 'b');
  assert.equal(tokenFor('cdn-lfs.huggingface.co', { HF_TOKEN: 'b' }), 'b');
  assert.equal(tokenFor('example.org', { HF_TOKEN: 'b' }), undefined);
  assert.equal(tokenFor('nothuggingface.co', { HF_TOKEN: 'b' }), undefined);
  assert.equal(authorization('abc'), 'Bearer abc');
  assert.equal(authorization('Basic dXNlcg=='), 'Basic dXNlcg==');
});
