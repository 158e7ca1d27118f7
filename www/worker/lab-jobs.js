// The lesson labs' jobs (sections 2, 5 and 6), run by the worker (./core.js) on the first
// `subset` images of the data set each request names (`dataset`, `testImages`, from the lab's
// setup in the wasm): Trainer runs compared side by side (RUNS), the gradient timing and check
// (GRAD, GRAD_COMPARE) with its expected duration measured beforehand on random images
// (GRAD_PROBE), training with the numerical gradient (NUMTRAIN) and the samplers' statistics
// (SAMPLERS). Long ones advance through the one slicing loop, `sliced`. How long to time
// backprop and a probe is the wasm's rule (backpropTimingDone, probeDone); this file only
// reads the clock.

import {
  GradientLab, NumericalTrainingRun, Trainer, backpropMeanMs, backpropTimingDone, numericalTrainingSetups, probeDone, samplerDraws,
  samplerStats,
} from '../pkg/gradlab.js';
import { FromWorker, ToWorker } from '../protocol.js';
import { FIRST_BUDGET, ensureData, postTrainerProgress, sliced } from './runtime.js';

/** The first `subset` training images of the request's data set, and its `testImages` test images. */
const labData = (job, { dataset, testImages }, subset) => ensureData(job, dataset, subset, testImages);

/** Calls `fn` and adds the milliseconds it took to `clock.ms`. */
function timed(clock, fn) {
  const t0 = performance.now();
  const result = fn();
  clock.ms += performance.now() - t0;
  return result;
}

/** Trains each query in turn, posting loss / epoch deltas and the time spent training. */
async function runQueries(job, { subset, runs, ...data }) {
  const { train, test } = await labData(job, data, subset);
  for (const { key, query } of runs) {
    if (job.cancelled) return;
    const trainer = new Trainer(query, train, test);
    try {
      job.reply(FromWorker.RUN_STARTED, { key, iterations: trainer.iterations, iterationsPerEpoch: trainer.iterationsPerEpoch });
      const clock = { ms: 0 };
      const finished = await sliced(job, (budget) => {
        const spent = timed(clock, () => trainer.work(budget));
        postTrainerProgress(job, FromWorker.RUN_PROGRESS, trainer, { key, ms: clock.ms });
        return { more: !trainer.finished, spent };
      }, { budget: FIRST_BUDGET });
      if (finished) job.reply(FromWorker.RUN_DONE, { key, iteration: trainer.iteration, ms: clock.ms, diverged: trainer.diverged });
    } finally {
      trainer.free();
    }
  }
}

/** Times numerical partial derivatives of a 784-`hidden`-10 network on `batch` random images. */
function probeNumerical(hidden, batch, seed) {
  const lab = GradientLab.probe(hidden, batch, seed);
  try {
    lab.advanceNumerical(1); // untimed: the first call warms the caches
    const clock = { ms: 0 };
    let derivatives = 0;
    while (!probeDone(clock.ms, derivatives)) {
      timed(clock, () => lab.advanceNumerical(1));
      derivatives += 1;
    }
    return { derivatives, ms: clock.ms };
  } finally {
    lab.free();
  }
}

export function labHandlers({ startLong, runQuick }) {
  let gradLab = null; // the last finished gradient check, for GRAD_COMPARE

  /** Times one backprop gradient, then the numerical one, parameter slice by parameter slice. */
  async function timeGradients(job, { hidden, batch, seed, sample = 0, ...data }) {
    const { train } = await labData(job, data, batch);
    gradLab?.free();
    gradLab = null;
    const lab = new GradientLab(train, { hidden, batch, seed, sample });
    let repeats = 0;
    let ms = 0;
    const b0 = performance.now();
    while (!backpropTimingDone(ms, repeats)) {
      lab.backprop();
      repeats += 1;
      ms = performance.now() - b0;
    }
    job.reply(FromWorker.GRAD_BACKPROP, { parameterCount: lab.parameterCount, backpropMs: backpropMeanMs(ms, repeats), repeats });
    const total = lab.numericalTotal;
    const counts = lab.numericalCounts;
    const clock = { ms: 0 };
    const finished = await sliced(job, (budget) => {
      const before = lab.advanceNumerical(0);
      const done = timed(clock, () => lab.advanceNumerical(Math.round(budget)));
      job.reply(FromWorker.GRAD_PROGRESS, { done, total, ms: clock.ms });
      return { more: !lab.numericalFinished, spent: done - before };
    }, { budget: 8 });
    if (!finished) {
      lab.free();
      return;
    }
    gradLab = lab;
    const diffs = lab.compare('');
    job.reply(FromWorker.GRAD_DONE, { ms: clock.ms, diffs, counts }, [diffs.buffer]);
  }

  /** Trains the lesson's tiny network with the numerical gradient (and backprop beside it). */
  async function trainNumerically(job, { seed, ...data }) {
    const { images } = numericalTrainingSetups().lesson; // the lesson run's training images
    const { train } = await labData(job, data, images);
    const run = new NumericalTrainingRun(train, seed);
    try {
      const clock = { ms: 0 };
      // The losses since the last report (from step firstStep on) and what the readout needs.
      const report = () => {
        const firstStep = run.firstUntakenStep;
        const losses = run.takeLosses();
        job.reply(FromWorker.NUMTRAIN_PROGRESS, {
          firstStep, losses,
          report: {
            stepsDone: run.stepsDone, steps: run.steps, stepProgress: run.stepProgress,
            parameterCount: run.parameterCount, ms: clock.ms, gap: run.gap,
          },
        }, [losses.buffer]);
      };
      report();
      await sliced(job, (budget) => {
        timed(clock, () => run.advance(Math.round(budget)));
        report();
        return { more: !run.finished };
      }, { budget: 16 });
    } finally {
      run.free();
    }
  }

  return {
    [ToWorker.RUNS]: (msg) => startLong(msg, runQueries),
    [ToWorker.GRAD]: (msg) => startLong(msg, timeGradients),
    [ToWorker.NUMTRAIN]: (msg) => startLong(msg, trainNumerically),
    [ToWorker.SAMPLERS]: (msg) => runQuick(msg, async (job, { subset, batch, seed, ...data }) => {
      const { train } = await labData(job, data, subset);
      const rows = samplerDraws().map(({ sampler, sorted }) => {
        const { coverage, counts } = samplerStats(train, { subset, sampler, batch, sorted, seed });
        return { sampler, sorted, coverage, counts };
      });
      job.reply(FromWorker.SAMPLERS, { rows });
    }),
    [ToWorker.GRAD_PROBE]: (msg) => runQuick(msg, async (job, { networks, seed }) => {
      for (const { hidden, batch } of networks) {
        job.reply(FromWorker.GRAD_PROBED, { hidden, batch, ...probeNumerical(hidden, batch, seed) });
      }
      job.reply(FromWorker.JOB_DONE);
    }),
    [ToWorker.GRAD_COMPARE]: (msg) => runQuick(msg, async (job, { bugs }) => {
      if (!gradLab) return;
      const diffs = gradLab.compare(bugs);
      job.reply(FromWorker.GRAD_DIFFS, { bugs, diffs }, [diffs.buffer]);
    }),
  };
}
