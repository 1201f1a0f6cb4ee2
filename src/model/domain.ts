/** The default ONNX operator domain: '' or its alias 'ai.onnx' (for nodes and opset imports alike). */
export function isDefaultDomain(owner: { domain: string }): boolean {
  return owner.domain === '' || owner.domain === 'ai.onnx';
}
