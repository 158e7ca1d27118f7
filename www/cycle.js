// The learning-cycle diagram of section 1, with the current stage highlighted.
//
// While steps run, the highlight walks through the five step stages, one every STAGE_MS (one
// real step takes far less; this shows the order, not the speed), never skipping one. When the worker says it evaluates
// at an epoch end, "evaluate" is lit until its next progress report (the evaluation is done),
// and for at least EVALUATE_MIN_MS so it can be seen. Nothing is lit when idle or paused.
// The step stages are the diagram's own, in the page's order (index.html), all but "evaluate".

const EVALUATE = 'evaluate';
const STAGE_MS = 150;
const EVALUATE_MIN_MS = 300;

export class CycleDiagram {
  constructor(root) {
    this.root = root;
    this.stages = new Map([...root.querySelectorAll('[data-stage]')].map((el) => [el.dataset.stage, el]));
    this.steps = [...this.stages.keys()].filter((stage) => stage !== EVALUATE);
    this.running = false;
    this.evaluateUntil = -Infinity;
    this.evaluatingSince = -Infinity;
    this.active = null;
    this.step = 0; // index into this.steps
    this.stepSince = -Infinity;
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

  /** The worker reported progress: an evaluation in flight has finished. */
  progress(now) {
    if (this.evaluateUntil === Infinity) this.evaluateUntil = Math.max(now, this.evaluatingSince + EVALUATE_MIN_MS);
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
        if (this.active !== null) this.step = (this.step + 1) % this.steps.length;
        this.stepSince = now;
      }
      stage = this.steps[this.step];
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
