// Sections 7–10, "Putting it together" (#/summary?batch&hidden):
//   7  the whole learning algorithm as the real training loop runs it (crate/train.rs,
//      Trainer::step and TwoLayerNet::gradient), with the shape of every array for the chosen
//      batch size and hidden layer;
//   8  the key formulas, typeset with MathML;
//   9  common mistakes, each with a link that reproduces it in the training view and a link
//      with the fix;
//   10 the chapter checklist, kept in localStorage.
// The shapes are just the chosen sizes written into the diagram; updates per epoch come from
// the wasm's iterationsPerEpoch.

import { iterationsPerEpoch, normalizeLessonQuery } from '../pkg/gradlab.js';
import { onLanguageChange, t } from '../i18n.js';
import { LessonHash, parseQuery, toQuery } from './chart-tools.js';
import { $, build, escapeHtml } from '../dom.js';

const ROUTE = 'summary';
const STORAGE_KEY = 'gradlab-checklist';
const BOOK_TRAIN = 60000;
const CHECKLIST = ['loss', 'sse', 'ce', 'delta', 'numdiff', 'gradient', 'descent', 'lr', 'minibatch', 'epoch', 'net', 'curves', 'backprop', 'check'];
const MISTAKE_BASE = 'subset=1000&iters=500&seed=42';

/** Each common mistake: the settings that reproduce it and the settings that fix it. */
const MISTAKES = [
  { id: 'lr', bad: 'lr=10&batch=1&act=relu&init=he', fix: 'lr=0.01&batch=1&act=relu&init=he' },
  { id: 'norm', bad: 'norm=0&act=relu&init=he', fix: 'norm=1&act=relu&init=he' },
  { id: 'shuffle', bad: 'sorted=1&sampler=sequential&batch=100', fix: 'sorted=1&sampler=shuffle&batch=100' },
  { id: 'delta', bad: 'delta=0&act=relu&init=large&norm=0', fix: 'delta=1&act=relu&init=he&norm=1' },
  { id: 'init', bad: 'init=large', fix: 'init=xavier' },
  { id: 'batchdiv', bad: 'bug=no-batch-division&act=relu&init=he&batch=100', fix: 'bug=none&act=relu&init=he&batch=100' },
];

/** The view's keys, clamped by the wasm's key table: a link never carries a value the controls cannot show. */
function normalize(rawQuery) {
  return parseQuery(normalizeLessonQuery(ROUTE, rawQuery));
}

// ───────────────────────────── MathML ─────────────────────────────

const mi = (s) => `<mi>${s}</mi>`;
const mn = (s) => `<mn>${s}</mn>`;
const mo = (s) => `<mo>${s}</mo>`;
const sub = (b, s) => `<msub>${b}${s}</msub>`;
const frac = (a, b) => `<mfrac><mrow>${a}</mrow><mrow>${b}</mrow></mfrac>`;
const row = (...xs) => `<mrow>${xs.join('')}</mrow>`;
const sum = (under) => `<munder><mo>∑</mo><mrow>${under}</mrow></munder>`;
const paren = (...xs) => `${mo('(')}${xs.join('')}${mo(')')}`;
const math = (label, ...xs) => `<math display="block" aria-label="${escapeHtml(label)}">${row(...xs)}</math>`;
const d = (f, x) => frac(`<mo>∂</mo>${f}`, `<mo>∂</mo>${x}`);

const FORMULAS = [
  { id: 'sse', tex: 'E = ½ Σ_k (y_k − t_k)²', ml: () => math('E = 1/2 sum over k of (y_k minus t_k) squared', mi('E'), mo('='), frac(mn(1), mn(2)), sum(mi('k')), `<msup>${row(paren(sub(mi('y'), mi('k')), mo('−'), sub(mi('t'), mi('k'))))}${mn(2)}</msup>`) },
  { id: 'ce', tex: 'E = −Σ_k t_k log(y_k + δ)', ml: () => math('E = minus sum over k of t_k log(y_k + delta)', mi('E'), mo('='), mo('−'), sum(mi('k')), sub(mi('t'), mi('k')), mi('log'), paren(sub(mi('y'), mi('k')), mo('+'), mi('δ'))) },
  { id: 'batch', tex: 'E = −(1/N) Σ_n Σ_k t_nk log y_nk', ml: () => math('E = minus 1/N sum over n sum over k of t_nk log y_nk', mi('E'), mo('='), mo('−'), frac(mn(1), mi('N')), sum(mi('n')), sum(mi('k')), sub(mi('t'), row(mi('n'), mi('k'))), mi('log'), sub(mi('y'), row(mi('n'), mi('k')))) },
  { id: 'softmax', tex: 'y_k = exp(a_k) / Σ_i exp(a_i)', ml: () => math('y_k = exp(a_k) divided by the sum over i of exp(a_i)', sub(mi('y'), mi('k')), mo('='), frac(`${mi('exp')}${paren(sub(mi('a'), mi('k')))}`, `${sum(mi('i'))}${mi('exp')}${paren(sub(mi('a'), mi('i')))}`)) },
  { id: 'gradient', tex: '∇f = (∂f/∂x₀, ∂f/∂x₁)', ml: () => math('gradient of f = (partial f / partial x0, partial f / partial x1)', mo('∇'), mi('f'), mo('='), paren(d(mi('f'), sub(mi('x'), mn(0))), mo(','), d(mi('f'), sub(mi('x'), mn(1))))) },
  { id: 'update', tex: 'W ← W − η ∂L/∂W', ml: () => math('W becomes W minus eta times partial L / partial W', mi('W'), mo('←'), mi('W'), mo('−'), mi('η'), d(mi('L'), mi('W'))) },
  { id: 'numdiff', tex: "f'(x) ≈ (f(x+h) − f(x−h)) / 2h", ml: () => math("f prime of x is about (f(x+h) minus f(x-h)) / 2h, h = 10^-4", `<msup>${mi('f')}${mo('′')}</msup>`, paren(mi('x')), mo('≈'), frac(`${mi('f')}${paren(mi('x'), mo('+'), mi('h'))}${mo('−')}${mi('f')}${paren(mi('x'), mo('−'), mi('h'))}`, `${mn(2)}${mi('h')}`)) },
  { id: 'chain', tex: '∂z/∂x = ∂z/∂y · ∂y/∂x', ml: () => math('partial z / partial x = partial z / partial y times partial y / partial x', d(mi('z'), mi('x')), mo('='), d(mi('z'), mi('y')), mo('·'), d(mi('y'), mi('x'))) },
];

/** The training loop, step by step: each step's code, what it computes and the arrays' shapes. */
function flowSteps(B, H) {
  return [
    { n: '0', key: 'init', code: 'TwoLayerNet::new', arrays: [['W1', `(784, ${H})`], ['b1', `(${H})`], ['W2', `(${H}, 10)`], ['b2', '(10)']] },
    { n: '1', key: 'sample', code: 'sampler.next_batch', arrays: [['x', `(${B}, 784)`], ['t', `(${B}, 10)`]] },
    { n: '2', key: 'forward', code: 'affine1 → activation → affine2', arrays: [['a1 = x·W1 + b1', `(${B}, ${H})`], ['z1 = σ(a1)', `(${B}, ${H})`], ['a2 = z1·W2 + b2', `(${B}, 10)`], ['y = softmax(a2)', `(${B}, 10)`]] },
    { n: '3', key: 'loss', code: 'SoftmaxWithLoss::forward', arrays: [['L', t('sum.scalar')]] },
    { n: '4', key: 'gradient', code: 'TwoLayerNet::gradient', arrays: [['dy = (y − t) / B', `(${B}, 10)`], ['dW2 = z1ᵀ·dy', `(${H}, 10)`], ['db2', '(10)'], ['dz1 = dy·W2ᵀ', `(${B}, ${H})`], ['da1 = dz1 ⊙ σ′', `(${B}, ${H})`], ['dW1 = xᵀ·da1', `(784, ${H})`], ['db1', `(${H})`]] },
    { n: '5', key: 'update', code: 'optimizer.update', arrays: [['W1 ← W1 − η·dW1', `(784, ${H})`], ['b1 ← b1 − η·db1', `(${H})`], ['W2 ← W2 − η·dW2', `(${H}, 10)`], ['b2 ← b2 − η·db2', '(10)']] },
  ];
}

const MARKUP = `
  <header class="view-head">
    <h1><span class="num wide" aria-hidden="true">7–10</span> <span data-i18n="sum.title"></span></h1>
    <p class="intro" data-i18n="sum.intro"></p>
    <nav class="part-links" data-i18n-attr="aria-label:sum.parts">
      <a href="#sum-flow" data-i18n="sum.flow.title"></a>
      <a href="#sum-formulas" data-i18n="sum.formulas.title"></a>
      <a href="#sum-mistakes" data-i18n="sum.mistakes.title"></a>
      <a href="#sum-checklist" data-i18n="sum.check.title"></a>
    </nav>
  </header>

  <section class="lesson-part" aria-labelledby="sum-flow-h" id="sum-flow" tabindex="-1">
    <h2 id="sum-flow-h" class="part-title"><span class="part-num">7</span> <span data-i18n="sum.flow.title"></span></h2>
    <p class="intro" data-i18n="sum.flow.intro"></p>
    <div class="panel lab-bar">
      <div class="field">
        <label for="sum-batch" data-i18n="sum.batch"></label>
        <input id="sum-batch" type="number" min="1" max="60000" step="1" inputmode="numeric">
      </div>
      <div class="field">
        <label for="sum-hidden" data-i18n="sum.hidden"></label>
        <input id="sum-hidden" type="number" min="1" max="1000" step="1" inputmode="numeric">
      </div>
      <p class="hint" id="sum-epoch" aria-live="polite"></p>
      <a class="button-like primary" id="sum-run-link" data-i18n="sum.runLink"></a>
    </div>
    <ol class="flow" id="sum-flow-steps"></ol>
  </section>

  <section class="lesson-part" aria-labelledby="sum-formulas-h" id="sum-formulas" tabindex="-1">
    <h2 id="sum-formulas-h" class="part-title"><span class="part-num">8</span> <span data-i18n="sum.formulas.title"></span></h2>
    <div class="formula-cards">
      ${FORMULAS.map((f) => `
        <article class="panel formula-card" data-formula="${f.id}">
          <h3 data-i18n="sum.f.${f.id}"></h3>
          <div class="mathml">${f.ml()}</div>
          <p class="hint" data-i18n="sum.f.${f.id}.note"></p>
        </article>`).join('')}
    </div>
  </section>

  <section class="lesson-part" aria-labelledby="sum-mistakes-h" id="sum-mistakes" tabindex="-1">
    <h2 id="sum-mistakes-h" class="part-title"><span class="part-num">9</span> <span data-i18n="sum.mistakes.title"></span></h2>
    <p class="intro" data-i18n="sum.mistakes.intro"></p>
    <div class="mistake-cards">
      ${MISTAKES.map((m) => `
        <article class="panel mistake-card" data-mistake="${m.id}">
          <h3 data-i18n="sum.m.${m.id}"></h3>
          <dl>
            <dt data-i18n="sum.m.symptom"></dt><dd data-i18n="sum.m.${m.id}.symptom"></dd>
            <dt data-i18n="sum.m.cause"></dt><dd data-i18n="sum.m.${m.id}.cause"></dd>
            <dt data-i18n="sum.m.fix"></dt><dd data-i18n="sum.m.${m.id}.fix"></dd>
          </dl>
          <div class="mistake-links">
            <a class="button-like bad-link" href="#/train?${m.bad}&${MISTAKE_BASE}" data-link="bad"><span aria-hidden="true">▶ </span><span data-i18n="sum.m.try"></span></a>
            <a class="button-like fix-link" href="#/train?${m.fix}&${MISTAKE_BASE}" data-link="fix"><span aria-hidden="true">✓ </span><span data-i18n="sum.m.fixed"></span></a>
          </div>
          <p class="code-line"><code>${escapeHtml(m.bad.replaceAll('&', ' '))}</code></p>
        </article>`).join('')}
    </div>
  </section>

  <section class="lesson-part" aria-labelledby="sum-check-h" id="sum-checklist" tabindex="-1">
    <h2 id="sum-check-h" class="part-title"><span class="part-num">10</span> <span data-i18n="sum.check.title"></span></h2>
    <div class="panel lesson-card checklist-card">
      <div class="check-progress">
        <progress id="sum-check-progress" value="0" max="${CHECKLIST.length}" aria-labelledby="sum-check-count"></progress>
        <span id="sum-check-count" aria-live="polite"></span>
        <button type="button" class="small" id="sum-check-reset" data-i18n="sum.check.reset"></button>
      </div>
      <ul class="checklist" id="sum-checklist-items">
        ${CHECKLIST.map((id) => `<li><label class="check"><input type="checkbox" data-item="${id}" id="sum-item-${id}"> <span data-i18n="sum.c.${id}"></span></label> <a class="see" href="${checkLink(id)}" data-i18n="sum.c.see"></a></li>`).join('')}
      </ul>
    </div>
  </section>`;

/** Where the chapter teaches each checklist item. */
function checkLink(id) {
  return {
    loss: '#/loss', sse: '#/loss', ce: '#/loss', delta: '#/loss', numdiff: '#/backprop', gradient: '#/gd2', descent: '#/gd1',
    lr: '#/lr', minibatch: '#/minibatch', epoch: '#/minibatch', net: '#/train', curves: '#/train', backprop: '#/backprop', check: '#/backprop',
  }[id];
}

function readChecklist() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return new Set(Array.isArray(saved) ? saved.filter((id) => CHECKLIST.includes(id)) : []);
  } catch {
    return new Set();
  }
}

function saveChecklist(done) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify([...done]));
  } catch {
    // storage unavailable (private mode): the ticks last for this page only
  }
}

export class SummaryView {
  constructor(section) {
    this.section = section;
    build(section, MARKUP);
    this.hash = new LessonHash(ROUTE, section);
    this.state = normalize('');
    this.done = readChecklist();
    this.wire();
    onLanguageChange(() => this.render());
    section.dataset.ready = '1';
  }

  route(rawQuery) {
    if (rawQuery) this.state = normalize(rawQuery);
    this.hash.write(toQuery(this.state));
    this.render();
  }

  wire() {
    const s = this.section;
    for (const id of ['batch', 'hidden']) {
      $(s, `#sum-${id}`).addEventListener('change', (e) => {
        if (e.target.value === '') return;
        this.state = normalize(toQuery({ ...this.state, [id]: e.target.value }));
        this.hash.write(toQuery(this.state));
        this.render();
      });
    }
    for (const box of s.querySelectorAll('#sum-checklist-items input')) {
      box.addEventListener('change', () => {
        if (box.checked) this.done.add(box.dataset.item);
        else this.done.delete(box.dataset.item);
        saveChecklist(this.done);
        this.renderChecklist();
      });
    }
    $(s, '#sum-check-reset').addEventListener('click', () => {
      this.done.clear();
      saveChecklist(this.done);
      this.renderChecklist();
    });
    // in-page links scroll to their part without touching the router's hash
    for (const a of s.querySelectorAll('.part-links a')) {
      a.addEventListener('click', (e) => {
        e.preventDefault();
        const target = $(s, a.getAttribute('href'));
        target.scrollIntoView({ behavior: 'smooth', block: 'start' });
        target.focus({ preventScroll: true });
      });
    }
  }

  render() {
    this.renderFlow();
    this.renderChecklist();
  }

  renderFlow() {
    const s = this.section;
    const B = Number(this.state.batch);
    const H = Number(this.state.hidden);
    for (const [id, v] of [['batch', B], ['hidden', H]]) {
      const el = $(s, `#sum-${id}`);
      if (document.activeElement !== el) el.value = String(v);
    }
    const ipe = iterationsPerEpoch(BOOK_TRAIN, B);
    $(s, '#sum-epoch').textContent = t('sum.epochNote', { batch: B.toLocaleString(), ipe: ipe.toLocaleString() });
    $(s, '#sum-run-link').href = `#/train?batch=${B}&hidden=${H}`;
    const steps = flowSteps(B, H).map((step) => `
      <li class="flow-step" data-step="${step.key}">
        <div class="flow-head"><span class="flow-n">${step.n}</span><strong>${escapeHtml(t(`sum.step.${step.key}`))}</strong><code class="flow-code">${escapeHtml(step.code)}</code></div>
        <p class="flow-text">${escapeHtml(t(`sum.step.${step.key}.d`, { batch: B, hidden: H }))}</p>
        <table class="shape-table"><tbody>${step.arrays.map(([name, shape]) => `<tr><th scope="row"><code>${escapeHtml(name)}</code></th><td>${escapeHtml(shape)}</td></tr>`).join('')}</tbody></table>
      </li>`);
    steps.push(`<li class="flow-step repeat-step" data-step="repeat">
        <div class="flow-head"><span class="flow-n">↺</span><strong>${escapeHtml(t('sum.step.repeat'))}</strong></div>
        <p class="flow-text">${escapeHtml(t('sum.step.repeat.d', { ipe: ipe.toLocaleString(), batch: B.toLocaleString() }))}</p></li>`);
    $(s, '#sum-flow-steps').innerHTML = steps.join('');
  }

  renderChecklist() {
    const s = this.section;
    for (const box of s.querySelectorAll('#sum-checklist-items input')) box.checked = this.done.has(box.dataset.item);
    $(s, '#sum-check-progress').value = this.done.size;
    $(s, '#sum-check-count').textContent = t('sum.check.count', { done: this.done.size, total: CHECKLIST.length });
  }
}
