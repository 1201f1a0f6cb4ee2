/** Reading an onnxruntime profile (JSON written by a session created with `enableProfiling`). */

/**
 * Which execution provider ran how many node executions, from an onnxruntime profile (a session created with
 * `enableProfiling`; onnxruntime writes `<profileFilePrefix>_<date>.json` when the session is released). This is how
 * to confirm where the work actually ran: a CUDA session still runs nodes without a CUDA kernel on CPU.
 */
export function providersInProfile(profileJson: string): Record<string, number> {
  const events = JSON.parse(profileJson) as { cat?: string; args?: { provider?: string } }[];
  const counts: Record<string, number> = {};
  for (const e of events) {
    const provider = e.cat === 'Node' ? e.args?.provider : undefined;
    if (provider !== undefined) counts[provider] = (counts[provider] ?? 0) + 1;
  }
  return counts;
}
