/**
 * The optional `Authorization` header of remote reads: `WEIGHTSCALE_HTTP_TOKEN`, else `HF_TOKEN` for Hugging Face
 * hosts. It is bound to the host of the URL the user gave: a redirect to another host (the hub's CDN, an S3 bucket)
 * goes without it. The token itself is never part of a message.
 */
const HUB_HOSTS = /(^|\.)(huggingface\.co|hf\.co)$/i;

export function tokenFor(host: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const own = env['WEIGHTSCALE_HTTP_TOKEN'];
  if (own) return own;
  const hub = env['HF_TOKEN'];
  return hub && HUB_HOSTS.test(host.replace(/:\d+$/, '')) ? hub : undefined;
}

export function authorization(token: string): string {
  return /^(Bearer|Basic|Token)\s/i.test(token) ? token : `Bearer ${token}`;
}
