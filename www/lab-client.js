// The lesson labs' worker (sections 2, 5 and 6): one instance of the worker module
// (www/worker/core.js) shared by the lesson views, started the first time a view needs it, so a
// lab never interrupts training (which has its own instance). Each view subscribes and receives
// the replies of its own jobs (plus messages without a job: READY, a boot ERROR, CRASHED).

import { FromWorker, ToWorker } from './protocol.js';
import { WorkerClient } from './worker-client.js';

let shared = null;

/** A view's handle on the lab worker: `send(type, fields)` returns the job id it used. */
export function labClient(name, onMessage) {
  shared ??= new WorkerClient('the lab worker');
  return shared.subscribe(onMessage);
}

/**
 * Reads a model file in the worker (a 16.8 MB file takes seconds to check, which the page must
 * not wait on): resolves to { bytes, name, info } (see FromWorker.MODEL_PARSED) or rejects with
 * what is wrong with the file.
 */
export function parseModelFile(bytes, fallbackName) {
  return new Promise((resolve, reject) => {
    let jobId = null;
    const handle = labClient('model import', (msg) => {
      if (msg.jobId === undefined || msg.jobId !== jobId) return;
      handle.close();
      if (msg.type === FromWorker.MODEL_PARSED) resolve(msg);
      else reject(new Error(msg.message));
    });
    jobId = handle.newJobId();
    handle.send(ToWorker.PARSE_MODEL, { jobId, bytes, fallbackName }, [bytes.buffer]);
  });
}

// The lesson views name the one message table (protocol.js) after the lab they talk to.
export { FromWorker as FromLab, ToWorker as ToLab };
