// The learning-cycle diagram of section 1, with the current stage highlighted.
//
// While steps run, the highlight walks through the five step stages every STAGE_MS (one real
// step takes far less; this shows the order, not the speed). When the worker says it evaluates
// at an epoch end, "evaluate" is lit for at least EVALUATE_MIN_MS. Nothing is lit when idle.

const STEP_STAGES = ['sample', 'forward', 'loss', 'gradient', 'update'];
const STAGE_MS = 150;
const EVALUATE_MIN_MS = 400;

export class CycleDiagram {
  constructor(root) {
    this.root = root;
    this.stages = new Map([...root.querySelectorAll('[data-stage]')].map((el) => [el.dataset.stage, el]));
    this.running = false;
    this.evaluateUntil = -Infinity;
    this.active = null;
  }

  /** true while steps run (training); false when idle, paused, finished or diverged. */
  setRunning(running) {
    this.running = running;
    if (!running) this.evaluateUntil = -Infinity;
  }

  evaluating(now) {
    this.evaluateUntil = now + EVALUATE_MIN_MS;
  }

  /** Call from requestAnimationFrame. Touches the DOM only when the lit stage changes. */
  frame(now) {
    let stage = null;
    if (this.running) {
      stage = now < this.evaluateUntil ? 'evaluate' : STEP_STAGES[Math.floor(now / STAGE_MS) % STEP_STAGES.length];
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
