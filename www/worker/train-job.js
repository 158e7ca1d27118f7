// The training run of the "Train on MNIST" view, a long job of the worker (./core.js): a wasm
// Trainer trained in slices of bounded work (Trainer.work: whole steps, sub-batches of a big
// step, blocks of an evaluation), posting loss and epoch deltas after each slice. PAUSE,
// RESUME, SET_LR and EXPORT_MODEL concern the run by its jobId; the Trainer stays after the run
// ends, for EXPORT_MODEL, until the next START or RESET. With deferEvaluation, an epoch end
// hands out the weights (SNAPSHOT) and the page has a second instance EVALUATE them. Wherever
// an evaluation happens, the watched test digits are read too (WATCH, or inside EVALUATED),
// and once before the first step.

import { Trainer, evaluateCopy, watchSample, watchSnapshot } from '../pkg/gradlab.js';
import { FromWorker, ToWorker } from '../protocol.js';
import { FIRST_BUDGET, boot, ensureData, postTrainerProgress, sliced } from './runtime.js';

/**
 * The longest a run waits for the page to show its first reading (SHOWN) before it trains. The
 * page lays that reading out in one frame (fifty digits, their guesses, the weight pictures);
 * with the run training on the other core of a two-core machine, that frame waited for a core
 * and became a long task. A hidden tab draws no frames: the run starts after this long anyway.
 */
const FIRST_READING_WAIT_MS = 500;

export function trainHandlers({ startLong, runQuick, longJobWithId }) {
  const run = { job: null, trainer: null, pendingLr: null, shown: null };

  function drop() {
    run.trainer?.free();
    run.trainer = null;
    run.job = null;
  }

  function applyLr(lr) {
    const applied = run.trainer.setLearningRate(lr);
    run.job.reply(FromWorker.LR_APPLIED, { lr: applied, iteration: run.trainer.nextIteration });
  }

  /** Posts the new losses and epoch rows; returns whether an epoch ended. */
  function postProgress(job, t) {
    return postTrainerProgress(job, FromWorker.PROGRESS, t, { currentLr: t.currentLearningRate, wasmBytes: boot.memory.buffer.byteLength });
  }

  /** How the network reads the watched digits now (with the digits themselves at the start). */
  function postWatch(job, t, sample = null) {
    const reading = t.watch();
    const transfer = [reading.weightsRgba.buffer, ...(sample ? [sample.rgba.buffer] : [])];
    job.reply(FromWorker.WATCH, { sample, reading }, transfer);
  }

  async function train(job, { query, dataset, subset, deferEvaluation = false }) {
    drop();
    run.job = job;
    run.pendingLr = null;
    const entry = await ensureData(job, dataset, subset, Infinity);
    if (job.cancelled) return;
    const t = new Trainer(query, entry.train, entry.test);
    t.deferEvaluation(deferEvaluation);
    run.trainer = t;
    if (run.pendingLr !== null) applyLr(run.pendingLr);
    job.reply(FromWorker.STARTED, {
      iterations: t.iterations,
      iterationsPerEpoch: t.iterationsPerEpoch,
      seed: t.seed,
      learningRate: t.learningRate,
    });
    postWatch(job, t, watchSample(entry.test));
    await new Promise((resolve) => {
      run.shown = { jobId: job.id, resolve };
      setTimeout(resolve, FIRST_READING_WAIT_MS);
    });
    let evaluating = false;
    await sliced(job, (budget) => {
      const spent = t.work(budget);
      if (t.evaluating && !evaluating) job.reply(FromWorker.EVALUATING, { iteration: t.iteration });
      evaluating = t.evaluating;
      if (postProgress(job, t)) postWatch(job, t);
      if (t.snapshotDue) {
        const bytes = t.takeSnapshot();
        job.reply(FromWorker.SNAPSHOT, { iteration: t.iteration, bytes }, [bytes.buffer]);
      }
      if (t.diverged) job.reply(FromWorker.DIVERGED, { iteration: t.iteration, cause: t.divergenceCause });
      else if (t.finished) job.reply(FromWorker.FINISHED, { iteration: t.iteration });
      return { more: !t.finished, spent };
    }, { budget: FIRST_BUDGET });
  }

  /** The run `jobId` while it has a Trainer that can still step. */
  const liveRun = (jobId) => (run.job?.id === jobId && run.trainer && !run.trainer.finished ? longJobWithId(jobId) : null);

  return {
    [ToWorker.START]: (msg) => startLong(msg, train, { doneReply: null }),
    [ToWorker.SHOWN]: ({ jobId }) => {
      if (run.shown?.jobId === jobId) run.shown.resolve();
    },
    // A finished or diverged run has nothing to pause or resume (a Pause clicked during the
    // last slice arrives after FINISHED).
    [ToWorker.PAUSE]: ({ jobId }) => {
      const job = liveRun(jobId);
      if (!job) return;
      job.paused = true;
      job.reply(FromWorker.PAUSED, { iteration: run.trainer.iteration, currentLr: run.trainer.currentLearningRate });
    },
    [ToWorker.RESUME]: ({ jobId }) => {
      const job = liveRun(jobId);
      if (!job) return;
      job.paused = false;
      job.reply(FromWorker.RESUMED, { iteration: run.trainer.iteration });
      job.wake?.();
    },
    [ToWorker.RESET]: ({ jobId }) => {
      if (run.job?.id !== jobId && jobId !== undefined) return;
      longJobWithId(run.job?.id)?.cancel();
      drop();
    },
    [ToWorker.SET_LR]: ({ jobId, lr }) => {
      if (run.job?.id !== jobId) return;
      if (run.trainer) applyLr(lr);
      else run.pendingLr = lr;
    },
    // The second instance's side: a snapshot of another instance's run, evaluated here.
    [ToWorker.EVALUATE]: (msg) => runQuick(msg, async (job, { snapshot, query, dataset, subset, iteration }) => {
      const { train, test } = await ensureData(job, dataset, subset, Infinity);
      const row = evaluateCopy(train, test, { snapshot, query, iteration }); // a Float64Array
      const reading = watchSnapshot(snapshot, query, test, iteration);
      job.reply(FromWorker.EVALUATED, { row, reading }, [row.buffer, reading.weightsRgba.buffer]);
    }),
    [ToWorker.EXPORT_MODEL]: (msg) => runQuick(msg, async (job, { testAccuracy }) => {
      if (run.job?.id !== msg.jobId || !run.trainer) throw new Error('there is no trained network to export');
      // The page names it, from what the file records; an accuracy it has already measured at
      // this iteration spares a pass over the test set.
      const bytes = run.trainer.exportModel('', testAccuracy);
      job.reply(FromWorker.MODEL_EXPORTED, { iteration: run.trainer.iteration, bytes }, [bytes.buffer]);
    }),
  };
}
