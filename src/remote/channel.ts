/**
 * Synchronous remote reads for any thread (docs/design.md section 12). Tensor reads are synchronous everywhere in
 * the analysis (the pass's workers, the features stage, the buffers check), so a thread posts its request to the
 * process's one remote-read worker (http-worker.ts) and blocks in Atomics.wait until the reply is there. A thread can
 * post several requests before waiting for the first (the pass reads one checkpoint ahead). The main thread starts
 * the worker on its first remote read; other threads get a port to it (`remotePort`, `useRemotePort`).
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { InputError } from '../errors.js';
import type { ClientOptions, Fetched } from './http-client.js';
import type { RemoteReply, RemoteRequest } from './http-worker.js';

export const DEFAULT_CONNECTIONS = 8;

let settings: ClientOptions = { connections: DEFAULT_CONNECTIONS };
let worker: Worker | null = null;
let installed: MessagePort | null = null;
let reads: RemoteReads | null = null;

/** Settings of the HTTP client (--connections, retries), for the reads that follow; a running client is replaced. */
export function configureRemote(opts: Partial<ClientOptions>): void {
  settings = { ...settings, ...opts };
  closeRemote();
}

/** Stops the remote-read worker of this process (the next remote read starts a new one). */
export function closeRemote(): void {
  if (worker) void worker.terminate();
  worker = null;
  reads = null;
}

/** This thread's remote reads. */
export function remoteReads(): RemoteReads {
  return (reads ??= new RemoteReads(installed ?? connect()));
}

/** A port for another thread (handed to it in workerData, transferred): its remote reads go through this process's worker. */
export function remotePort(): MessagePort {
  return connect();
}

/** In a thread given a port by `remotePort`: use it for this thread's remote reads. */
export function useRemotePort(port: MessagePort): void {
  installed = port;
  reads = null;
}

function connect(): MessagePort {
  if (!worker) {
    // No flags: as the pass's workers (pass-pool.ts), the worker needs none and an entry point's could break it.
    worker = new Worker(new URL('./http-worker.js', import.meta.url), { workerData: settings, execArgv: [] });
    worker.unref();
  }
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ port: port2 }, [port2]);
  port1.unref();
  return port1;
}

type Request = Omit<Extract<RemoteRequest, { kind: 'range' }>, 'ticket' | 'signal'> | Omit<Extract<RemoteRequest, { kind: 'whole' }>, 'ticket' | 'signal'>;

export class RemoteReads {
  private readonly signal = new SharedArrayBuffer(4);
  private readonly word = new Int32Array(this.signal);
  private readonly replies = new Map<number, RemoteReply>();
  private nextTicket = 1;

  constructor(private readonly port: MessagePort) {}

  /** Posts a request; `wait(ticket)` takes its reply. */
  start(req: Request): number {
    const ticket = this.nextTicket++;
    this.port.postMessage({ ...req, ticket, signal: this.signal });
    return ticket;
  }

  /** Blocks until the reply to `ticket` is there; a failure is thrown (InputError for the user's, with the URL). */
  wait(ticket: number): { data: Uint8Array | null; total: number } {
    for (;;) {
      const seen = Atomics.load(this.word, 0);
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const reply = m.message as RemoteReply;
        this.replies.set(reply.ticket, reply);
      }
      const reply = this.replies.get(ticket);
      if (reply) {
        this.replies.delete(ticket);
        if ('error' in reply) throw reply.error.input ? new InputError(reply.error.message) : new Error(reply.error.message);
        return reply;
      }
      Atomics.wait(this.word, 0, seen);
    }
  }

  /** Bytes [offset, offset + length) of `url`, and the file's size. */
  range(url: string, offset: number, length: number): Fetched {
    const r = this.wait(this.start({ kind: 'range', url, offset, length }));
    return { data: r.data!, total: r.total };
  }

  /** Fills `into` from byte `offset` of `url`. */
  readInto(url: string, offset: number, into: Uint8Array): void {
    into.set(this.range(url, offset, into.length).data);
  }

  /** The whole file (at most `maxBytes`); null for a 404 when `missingOk`. */
  whole(url: string, maxBytes: number, missingOk = false): Fetched | null {
    const r = this.wait(this.start({ kind: 'whole', url, maxBytes, missingOk }));
    return r.data ? { data: r.data, total: r.total } : null;
  }
}
