/**
 * The remote-read worker (docs/design.md section 12): one per process, owning the HTTP client, so the limit on
 * requests in flight and the keep-alive connections are shared by every thread. Each thread that reads talks to it
 * over a MessagePort of its own (channel.ts): a request carries a ticket and the thread's signal word; the reply is
 * posted on the port, then the signal is bumped and notified, so a thread blocked in Atomics.wait wakes and takes
 * the reply with receiveMessageOnPort.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { isInputError } from '../errors.js';
import { HttpClient, type ClientOptions } from './http-client.js';

export type RemoteRequest =
  | { ticket: number; signal: SharedArrayBuffer; kind: 'range'; url: string; offset: number; length: number }
  | { ticket: number; signal: SharedArrayBuffer; kind: 'whole'; url: string; maxBytes: number; missingOk: boolean };

export type RemoteReply =
  | { ticket: number; data: Uint8Array | null; total: number }
  | { ticket: number; error: { message: string; input: boolean } };

const client = new HttpClient(workerData as ClientOptions);

function serve(port: MessagePort): void {
  port.on('message', (req: RemoteRequest) => {
    const done =
      req.kind === 'range' ? client.range(req.url, req.offset, req.length) : client.whole(req.url, req.maxBytes, req.missingOk);
    done.then(
      (f) => reply(port, req.signal, { ticket: req.ticket, data: f?.data ?? null, total: f?.total ?? NaN }),
      (e: unknown) => reply(port, req.signal, { ticket: req.ticket, error: { message: (e as Error).message, input: isInputError(e) } }),
    );
  });
}

function reply(port: MessagePort, signal: SharedArrayBuffer, msg: RemoteReply): void {
  const data = 'data' in msg ? msg.data : null;
  // A buffer of its own is moved, not copied; a view into Node's shared pool is copied.
  const own = data !== null && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
  port.postMessage(msg, own ? [data.buffer as ArrayBuffer] : []);
  const word = new Int32Array(signal);
  Atomics.add(word, 0, 1);
  Atomics.notify(word, 0);
}

parentPort!.on('message', (msg: { port: MessagePort } | null) => {
  if (msg === null) {
    client.close();
    parentPort!.close();
    return;
  }
  serve(msg.port);
});
