// What every job of the worker (./core.js) uses: posting replies, the job object, the one
// slicing loop, the instance's datasets.

import { FromWorker } from '../protocol.js';
import { Datasets } from './data.js';

const SLICE_MS = 30;

/** Multiply-adds of a Trainer run's first slice (about 1 ms); the slicing loop adapts it. */
export const FIRST_BUDGET = 5e6;

export const data = new Datasets();
/** done: resolves once the wasm is ready and the manifest read (set by INIT); memory: the wasm's. */
export const boot = { done: null, memory: null };

export const post = (message, transfer = []) => self.postMessage(message, transfer);
export const errorText = (err) => (err instanceof Error ? err.message : String(err));

/** A job: what the page asked (msg) and its life; `reply` posts with its jobId and kind. */
export class Job {
  constructor(msg) {
    this.id = msg.jobId;
    this.kind = msg.type;
    this.cancelled = false;
    this.over = false; // its work has ended (a long job's final reply is sent)
    this.paused = false;
    this.wake = null;
  }

  reply(type, fields = {}, transfer = []) {
    post({ type, jobId: this.id, kind: this.kind, ...fields }, transfer);
  }

  cancel() {
    this.cancelled = true;
    this.wake?.();
  }

  /** Resolves when RESUME or a cancel wakes a paused job. */
  resumed() {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }
}

/** Yields to the event loop (messages get handled) without the 4 ms clamp of setTimeout. */
function yieldToEvents() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/**
 * The slicing loop: calls `slice(budget)` until it answers { more: false }, with `budget` (in
 * the job's own unit: multiply-adds, parameters, steps) adapted so one call takes about SLICE_MS,
 * and a yield to the event loop before each call. A paused job waits here; a cancelled one stops
 * here. `slice` may answer `spent` (what it got through) when that differs from `budget`; a
 * slice that ran out of work early says nothing about speed and leaves the budget as it is.
 * Returns false when the job was cancelled.
 */
export async function sliced(job, slice, { budget = 1 } = {}) {
  let size = budget;
  for (;;) {
    await yieldToEvents();
    while (job.paused && !job.cancelled) await job.resumed();
    if (job.cancelled) return false;
    const t0 = performance.now();
    const { more, spent = size } = slice(size);
    const ms = performance.now() - t0;
    if (!more) return true;
    if (spent >= size) size = Math.max(1, 0.5 * size + (0.5 * spent * SLICE_MS) / Math.max(ms, 0.5));
  }
}

/**
 * Posts what a Trainer measured since the last call, as `type`: { iteration, firstIteration,
 * losses, epochs, ...fields } (the loss and epoch deltas, transferred). Returns whether an epoch
 * ended (an evaluation row came).
 */
export function postTrainerProgress(job, type, trainer, fields = {}) {
  const firstIteration = trainer.firstUntakenIteration;
  const losses = trainer.takeLosses();
  const epochs = trainer.takeEpochs();
  job.reply(type, { iteration: trainer.iteration, firstIteration, losses, epochs, ...fields }, [losses.buffer, epochs.buffer]);
  return epochs.length > 0;
}

/** The data a job needs, with DATA_PROGRESS replies while chunks arrive. */
export async function ensureData(job, dataset, subset, testImages) {
  await boot.done;
  return data.ensure(dataset, subset, testImages, (done, total) => job.reply(FromWorker.DATA_PROGRESS, { dataset, done, total }));
}

