// The page's side of the lab worker (www/lab-worker.js): one worker for the lesson views of
// sections 5 and 6, started the first time a view needs it. Each view names its jobs with its
// own prefix ("mb-4", "gc-2") and receives only the messages of its jobs (plus READY / ERROR
// without a job).

import { FromLab, ToLab } from './protocol.js';

const MANIFEST_PATH = './data/manifest.json';

let worker = null;
let readyPromise = null;
const subscribers = new Map(); // prefix → handler(msg)
let counter = 0;

function start() {
  worker = new Worker(new URL('./lab-worker.js', import.meta.url), { type: 'module' });
  readyPromise = new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === FromLab.READY) resolve();
      if (msg.type === FromLab.ERROR && !msg.jobId) reject(new Error(msg.message));
      if (msg.jobId) subscribers.get(msg.jobId.split('-')[0])?.(msg);
      else for (const fn of subscribers.values()) fn(msg);
    };
    worker.onerror = (event) => reject(new Error(event.message || 'the lab worker failed to load'));
  });
  readyPromise.catch(() => {});
  worker.postMessage({ type: ToLab.INIT, manifestUrl: new URL(MANIFEST_PATH, document.baseURI).href });
}

/** A view's handle on the lab worker: `send(type, fields)` returns the job id it used. */
export function labClient(prefix, onMessage) {
  if (!worker) start();
  subscribers.set(prefix, onMessage);
  return {
    ready: readyPromise,
    newJobId: () => `${prefix}-${++counter}`,
    send(type, fields = {}) {
      worker.postMessage({ type, ...fields });
      return fields.jobId;
    },
  };
}

export { FromLab, ToLab };
