// The learning-cycle diagram of section 1, with the current stage highlighted.
//
// While steps run, the highlight walks through the step stages, one every STAGE_MS (one
// real step takes far less; this shows the order, not the speed), never skipping one. When the
// training worker evaluates at an epoch end itself (training waits), "evaluate" is lit until its
// next progress report, and for at least EVALUATE_MIN_MS so it can be seen. When an epoch's
// weights are evaluated in the second worker (training goes on), "evaluate" takes one turn after
// the walk's last stage. Nothing is lit when idle or paused.
// The step stages are the wasm's (lessons::cycle::step_stages: name and number, in order): the
// diagram's list is built from them; "repeat" and "evaluate" are the page's own (index.html).

import { cycleStepStages } from './pkg/gradlab.js';
import { strings, t } from './i18n.js';

const EVALUATE = 'evaluate';
const STAGE_MS = 150;
const EVALUATE_MIN_MS = 300;

/**
 * One li.stage per step stage: its number, its name (`cycle.<name>`) and its description, a text
 * of the locales (`cycle.<name>.d`) or, where there is none (the mini-batch's counts its images),
 * filled by the view through its id `cycle-<name>-d`.
 */
function stageItems(stages) {
  const texts = strings('en');
  return stages.map(({ name, number }) => {
    const li = document.createElement('li');
    li.className = 'stage';
    li.dataset.stage = name;
    const n = document.createElement('span');
    n.className = 'n';
    n.textContent = String(number);
    const title = document.createElement('strong');
    title.dataset.i18n = `cycle.${name}`;
    title.textContent = t(title.dataset.i18n);
    const about = document.createElement('small');
    about.id = `cycle-${name}-d`;
    if (`cycle.${name}.d` in texts) {
      about.dataset.i18n = `cycle.${name}.d`;
      about.textContent = t(about.dataset.i18n);
    }
    li.append(n, title, about);
    return li;
  });
}

export class CycleDiagram {
  constructor(root) {
    this.root = root;
    root.querySelector('.steps').replaceChildren(...stageItems(cycleStepStages()));
    this.stages = new Map([...root.querySelectorAll('[data-stage]')].map((el) => [el.dataset.stage, el]));
    this.steps = [...this.stages.keys()].filter((stage) => stage !== EVALUATE);
    this.running = false;
    this.evaluateUntil = -Infinity;
    this.evaluatingSince = -Infinity;
    this.active = null;
    this.step = 0; // index into this.steps
    this.stepSince = -Infinity;
    this.epochEnded = false; // an epoch ended since "evaluate" last had its turn
    this.evaluateTurn = false; // "evaluate" is having its turn in the walk
  }

  /** true while steps run (training); false when idle, paused, finished or diverged. */
  setRunning(running) {
    this.running = running;
    if (!running) this.evaluateUntil = -Infinity;
  }

  /** The worker is about to evaluate: light "evaluate" until the next progress(). */
  evaluating(now) {
    this.evaluatingSince = now;
    this.evaluateUntil = Infinity;
  }

  /** An epoch ended and is evaluated in the second worker: "evaluate" gets a turn in the walk. */
  epochEvaluatedAside() {
    this.epochEnded = true;
  }

  /** The worker reported progress: an evaluation in flight has finished. */
  progress(now) {
    if (this.evaluateUntil === Infinity) this.evaluateUntil = Math.max(now, this.evaluatingSince + EVALUATE_MIN_MS);
  }

  /** One stage on; after the last step stage, "evaluate" if an epoch ended meanwhile. */
  advance() {
    if (this.evaluateTurn) {
      this.evaluateTurn = false;
      this.step = 0;
    } else if (this.step === this.steps.length - 1 && this.epochEnded) {
      this.evaluateTurn = true;
      this.epochEnded = false;
    } else {
      this.step = (this.step + 1) % this.steps.length;
    }
  }

  /** Call from requestAnimationFrame. Touches the DOM only when the lit stage changes. */
  frame(now) {
    let stage = null;
    if (this.running && now < this.evaluateUntil) {
      stage = EVALUATE;
    } else if (this.running) {
      // One stage further at most every STAGE_MS, counted from the last change, so a slow
      // frame rate shows every stage in order instead of skipping some.
      if (now - this.stepSince >= STAGE_MS) {
        // After an evaluation the walk goes on where it was, so every stage keeps its turn.
        if (this.active !== null) this.advance();
        this.stepSince = now;
      }
      stage = this.evaluateTurn ? EVALUATE : this.steps[this.step];
    }
    if (stage === this.active) return;
    this.stages.get(this.active)?.classList.remove('active');
    this.stages.get(this.active)?.removeAttribute('aria-current');
    this.active = stage;
    this.stages.get(stage)?.classList.add('active');
    this.stages.get(stage)?.setAttribute('aria-current', 'step');
    this.root.dataset.active = stage ?? '';
  }
}
