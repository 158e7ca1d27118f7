// One job of a lesson panel that runs in the lab worker, with the panel's run and cancel
// buttons, progress bar and status line (ids `${prefix}-run`, `-cancel`, `-progress`,
// `-status`). The panel keeps its own results; this keeps the plumbing in one place.

import { onLanguageChange, t } from '../i18n.js';
import { FromLab, ToLab, labClient } from '../lab-client.js';
import { $ } from '../dom.js';

/**
 * Writes a failure into a panel's status line with a Retry button (which calls `retry`): the
 * cause is shown, and the panel's buttons are the view's to re-enable.
 */
export function showFailure(statusEl, text, retry) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link-button retry';
  button.dataset.i18n = 'error.retry';
  button.textContent = t('error.retry');
  button.addEventListener('click', () => retry(), { once: true });
  statusEl.replaceChildren(`${text} `, button);
}

/**
 * Wires a lab panel (../views/lab-part.html): its Run button calls `start`, and `draw` runs
 * now and whenever the chart card resizes or the language changes.
 */
export function wireLabPanel(root, prefix, { start, draw }) {
  $(root, `#${prefix}-run`).addEventListener('click', () => start());
  new ResizeObserver(() => draw()).observe($(root, `#${prefix}-card`));
  onLanguageChange(() => draw());
  draw();
}

export class LabJob {
  /**
   * options: { clientName, onMessage, doneKey, curves, progressText, retry }: the lab client's
   * name, a function that gets each of the current job's messages once this has shown it (the
   * ending ones too, to redraw), and the translation key of the status line once the job is
   * over. A job of Trainer runs (startRuns) also names the wasm Curves `curves` its
   * RUN_PROGRESS reports join (and whose runs end as cancelled with the job), and the status
   * line `progressText(msg)` they show. `retry`, if given, is what a failure's Retry does
   * instead of sending the last request again (a view that sets its runs up anew, say).
   */
  constructor(root, prefix, options) {
    this.root = root;
    this.prefix = prefix;
    this.options = options;
    this.client = null;
    this.id = null;
    this.send = null; // the last job's request, for Retry
    this.runCount = 0; // how many runs the last startRuns asked for
    this.running = false;
    this.endKey = null; // the key of an ended job's status line, written again in a new language
    $(root, `#${prefix}-cancel`).addEventListener('click', () => this.cancel());
    onLanguageChange(() => {
      if (!this.running && this.endKey) this.status(t(this.endKey));
    });
  }

  /** Starts a new job: `send(client, jobId)` posts its request once the worker is ready. */
  start(send) {
    this.client ??= labClient(this.options.clientName, (msg) => this.receive(msg));
    this.send = send;
    this.id = this.client.newJobId();
    this.setRunning(true);
    this.progress(0, t('lab.loading'));
    this.client.ready.then(() => send(this.client, this.id)).catch((err) => this.fail(err.message));
  }

  /**
   * Starts a lab's Trainer runs (`runs`: [{ key, query }]) on the first `setup.subset` images
   * of `setup.dataset`, tested on `setup.testImages` (the wasm's lab setup names them).
   */
  startRuns({ runs, setup }) {
    const requests = runs.map(({ key, query }) => ({ key, query }));
    const { subset, dataset, testImages } = setup;
    this.runCount = runs.length;
    this.start((client, jobId) => client.send(ToLab.RUNS, { jobId, subset, dataset, testImages, runs: requests }));
  }

  /**
   * A RUN_PROGRESS report of a startRuns job: its losses, epochs and clock join its run in the
   * wasm Curves, whose share of the job done (Curves.progress) fills the bar.
   */
  runProgress(msg) {
    const { curves, progressText } = this.options;
    curves.pushLosses(msg.firstIteration, msg.losses, msg.key);
    curves.pushEpochs(msg.epochs, msg.key);
    curves.tick(msg.key, msg.iteration, msg.ms);
    this.progress(curves.progress(this.runCount), progressText(msg));
  }

  cancel() {
    if (this.id) this.client.send(ToLab.CANCEL, { jobId: this.id });
  }

  receive(msg) {
    // An ended job keeps what its status line says, whatever late reply of it still arrives.
    if (msg.jobId !== this.id || !this.running) return;
    switch (msg.type) {
      case FromLab.DATA_PROGRESS:
        this.progress(0, t('lab.data', { done: msg.done, total: msg.total }));
        break;
      case FromLab.JOB_DONE:
        this.setRunning(false);
        this.endKey = this.options.doneKey;
        this.progress(1, t(this.endKey));
        break;
      case FromLab.CANCELLED:
        this.options.curves?.cancelRuns();
        this.setRunning(false);
        this.endKey = 'lab.cancelled';
        this.status(t(this.endKey));
        break;
      case FromLab.ERROR:
        this.fail(msg.message);
        break;
      case FromLab.RUN_PROGRESS:
        if (this.options.curves) this.runProgress(msg);
        break;
    }
    this.options.onMessage(msg);
  }

  setRunning(running) {
    this.running = running;
    if (running) this.endKey = null;
    $(this.root, `#${this.prefix}-run`).disabled = running;
    $(this.root, `#${this.prefix}-cancel`).disabled = !running;
  }

  /** `fraction` of the job done, from 0 to 1 (the wasm's Curves.progress keeps it so). */
  progress(fraction, text) {
    $(this.root, `#${this.prefix}-progress`).value = fraction;
    this.status(text);
  }

  status(text) {
    $(this.root, `#${this.prefix}-status`).textContent = text;
  }

  fail(message) {
    this.setRunning(false);
    this.endKey = null; // the worker's message is in the words it came in
    const retry = this.options.retry ?? (() => this.start(this.send));
    showFailure($(this.root, `#${this.prefix}-status`), t('lab.error', { message }), retry);
  }
}
