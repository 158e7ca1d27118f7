// The page's side of a worker instance (www/worker/core.js). The training view owns one
// instance and the lesson labs share another (lab-client.js): the same module twice.
//
// Views subscribe with a message handler; a job's replies go to the view that sent the job
// (looked up by the reply's jobId field), messages without a job to every view. Failures come
// back as they were meant to: a job that failed answers ERROR itself; when the worker instance
// is lost (its script could not be loaded, its boot failed, or the wasm trapped), every job
// still open is answered ERROR with the cause, the views get CRASHED, and the next job sent
// (a Retry) starts a fresh instance.

import { FINAL_REPLIES, FromWorker, ToWorker } from './protocol.js';
import { sharedWasmModule } from './wasm-build.js';

const MANIFEST_PATH = './data/manifest.json';
/** Messages about a job already open: they do not open one. */
const CONTROLS = new Set([ToWorker.PAUSE, ToWorker.RESUME, ToWorker.RESET, ToWorker.SET_LR, ToWorker.CANCEL]);

let lastJobId = 0; // job ids are unique in the page

export class WorkerClient {
  /** `name` says which worker a message is about ("the lab worker"). */
  constructor(name) {
    this.name = name;
    this.worker = null;
    this.ready = null; // resolves with the READY message of the current instance
    this.subscribers = new Set();
    this.owners = new Map(); // jobId → the subscriber that sent it
    this.open = new Map(); // jobId → kind, until a final reply
  }

  /** A view's handle: `send(type, fields)`, `newJobId()`, and `ready` (of a live instance). */
  subscribe(onMessage) {
    const client = this;
    this.subscribers.add(onMessage);
    this.ensure();
    return {
      get ready() {
        client.ensure();
        return client.ready;
      },
      newJobId: () => ++lastJobId,
      send(type, fields = {}, transfer = []) {
        client.send(onMessage, type, fields, transfer);
        return fields.jobId;
      },
      /** No more messages for this handler. */
      close: () => client.subscribers.delete(onMessage),
    };
  }

  /** Starts an instance if there is none (first use, or after a loss). */
  ensure() {
    if (this.worker) return;
    const worker = new Worker(new URL('./worker/core.js', import.meta.url), { type: 'module' });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.ready.catch(() => {}); // a view that waits on it sees the rejection
    worker.onmessage = (event) => this.receive(worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      // A script that could not be fetched gives a bare Event, an uncaught error an ErrorEvent.
      const cause = event.message ? `${this.name} stopped: ${event.message}` : `${this.name} could not be loaded from the server`;
      this.lost(worker, cause);
    };
    // the page's compiled wasm (null if it has none yet: the worker then fetches and compiles it)
    const module = sharedWasmModule();
    worker.postMessage({ type: ToWorker.INIT, manifestUrl: new URL(MANIFEST_PATH, document.baseURI).href, module });
  }

  send(owner, type, fields, transfer) {
    this.ensure();
    const { jobId } = fields;
    if (jobId !== undefined && !CONTROLS.has(type)) {
      this.owners.set(jobId, owner);
      this.open.set(jobId, type);
    }
    this.worker.postMessage({ type, ...fields }, transfer);
  }

  receive(worker, msg) {
    if (worker !== this.worker) return; // an instance already given up
    if (msg.type === FromWorker.READY) this.settle.resolve(msg);
    if (msg.type === FromWorker.CRASHED) {
      this.lost(worker, `${this.name} stopped: ${msg.message}`);
      return;
    }
    if (msg.type === FromWorker.ERROR && msg.kind === ToWorker.INIT) {
      // Without its wasm or its data list the instance is no use: the next job starts a new one.
      this.lost(worker, msg.message, msg);
      return;
    }
    if (msg.jobId === undefined) {
      for (const fn of this.subscribers) fn(msg);
      return;
    }
    if (FINAL_REPLIES.has(msg.type)) this.open.delete(msg.jobId);
    this.owners.get(msg.jobId)?.(msg);
  }

  /** The instance is gone: its open jobs fail with `message`, the views are told. */
  lost(worker, message, bootError = null) {
    worker.terminate();
    this.worker = null;
    this.settle.reject(new Error(message));
    const notice = bootError ?? { type: FromWorker.CRASHED, message };
    for (const fn of this.subscribers) fn(notice);
    // then each job's own failure, which views show last, with its Retry
    const open = [...this.open];
    this.open.clear();
    for (const [jobId, kind] of open) this.owners.get(jobId)?.({ type: FromWorker.ERROR, jobId, kind, message });
  }
}
