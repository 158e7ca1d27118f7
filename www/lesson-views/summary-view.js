// Sections 4.7–4.10, "Putting it together" (#/summary?batch&hidden):
//   4.7  the whole learning algorithm as the real training loop runs it, with the shape of every
//        array for the chosen batch size and hidden layer;
//   4.8  the key formulas, typeset with MathML (in www/views/summary.html);
//   4.9  common mistakes, each with a link that reproduces it in the training view and a link
//        with the fix;
//   4.10 the chapter checklist, kept in localStorage.
// The wasm's model (lessons::summary) says what the flow shows for the sizes (summaryShown) and
// lists the mistakes and checklist items (summaryParts); this file turns them into DOM.

import { normalizeLessonQuery, summaryParts, summaryShown } from '../pkg/gradlab.js';
import { onLanguageChange, t, tCount, translate } from '../i18n.js';
import { LessonHash, parseQuery, toQuery } from './chart-tools.js';
import { expandPartial, fromTemplate } from './partial.js';
import { $, build } from '../dom.js';
import { lessonKeyRanges, spanNumber } from '../controls.js';
import { wholeNumber } from '../format.js';
import markup from '../views/summary.html?raw';

const ROUTE = 'summary';
const STORAGE_KEY = 'gradlab-checklist';

/** A clone of template `id`, its static text translated. */
function cloned(root, id) {
  const node = fromTemplate(root, id);
  translate(node);
  return node;
}

export class SummaryView {
  constructor(section) {
    this.section = section;
    build(section, expandPartial(markup));
    this.parts = summaryParts();
    this.ids = this.parts.checklist.map((item) => item.id);
    this.buildMistakes();
    this.buildChecklist();
    this.hash = new LessonHash(ROUTE, section);
    this.query = normalizeLessonQuery(ROUTE, '');
    this.done = this.readChecklist();
    this.wire();
    onLanguageChange(() => this.render());
    section.dataset.ready = '1';
  }

  route(rawQuery) {
    if (rawQuery) this.query = normalizeLessonQuery(ROUTE, rawQuery);
    this.hash.write(this.query);
    this.render();
  }

  buildMistakes() {
    $(this.section, '#sum-mistake-cards').replaceChildren(...this.parts.mistakes.map((m) => {
      const card = cloned(this.section, 'sum-mistake');
      card.dataset.mistake = m.id;
      for (const [sel, key] of [['.mistake-name', ''], ['.symptom', '.symptom'], ['.cause', '.cause'], ['.fix', '.fix']]) {
        $(card, sel).dataset.i18n = `sum.m.${m.id}${key}`;
      }
      $(card, 'a[data-link="bad"]').href = m.badHref;
      $(card, 'a[data-link="fix"]').href = m.fixHref;
      $(card, 'code').textContent = m.settings;
      translate(card);
      return card;
    }));
  }

  buildChecklist() {
    $(this.section, '#sum-checklist-items').replaceChildren(...this.parts.checklist.map(({ id, href }) => {
      const li = cloned(this.section, 'sum-check-item');
      const box = $(li, 'input');
      box.id = `sum-item-${id}`;
      box.dataset.item = id;
      $(li, '.item-text').dataset.i18n = `sum.c.${id}`;
      $(li, 'a.see').href = href;
      translate(li);
      return li;
    }));
    $(this.section, '#sum-check-progress').max = this.ids.length;
  }

  readChecklist() {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
      return new Set(Array.isArray(saved) ? saved.filter((id) => this.ids.includes(id)) : []);
    } catch {
      return new Set();
    }
  }

  saveChecklist() {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify([...this.done]));
    } catch {
      // storage unavailable (private mode): the ticks last for this page only
    }
  }

  wire() {
    const s = this.section;
    const ranges = lessonKeyRanges(ROUTE);
    for (const id of ['batch', 'hidden']) {
      spanNumber($(s, `#sum-${id}`), ranges[id]).addEventListener('change', (e) => {
        if (e.target.value === '') return;
        this.query = normalizeLessonQuery(ROUTE, toQuery({ ...parseQuery(this.query), [id]: e.target.value }));
        this.hash.write(this.query);
        this.render();
      });
    }
    for (const box of s.querySelectorAll('#sum-checklist-items input')) {
      box.addEventListener('change', () => {
        if (box.checked) this.done.add(box.dataset.item);
        else this.done.delete(box.dataset.item);
        this.saveChecklist();
        this.renderChecklist();
      });
    }
    $(s, '#sum-check-reset').addEventListener('click', () => {
      this.done.clear();
      this.saveChecklist();
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
    const v = summaryShown(this.query);
    for (const id of ['batch', 'hidden']) {
      const el = $(s, `#sum-${id}`);
      if (document.activeElement !== el) el.value = String(v[id]);
    }
    const numbers = { batch: wholeNumber(v.batch), hidden: v.hidden, ipe: wholeNumber(v.iterationsPerEpoch) };
    $(s, '#sum-epoch').textContent = tCount('sum.epochNote', v.iterationsPerEpoch, numbers);
    $(s, '#sum-run-link').href = v.trainHref;
    const steps = v.steps.map((step) => {
      const li = cloned(s, 'sum-step');
      li.dataset.step = step.key;
      $(li, '.flow-n').textContent = String(step.n);
      $(li, '.flow-name').textContent = t(`sum.step.${step.key}`);
      $(li, '.flow-code').textContent = step.code;
      $(li, '.flow-text').textContent = tCount(`sum.step.${step.key}.d`, v.batch, { batch: wholeNumber(v.batch), hidden: v.hidden });
      $(li, 'tbody').replaceChildren(...step.arrays.map(({ name, shape }) => {
        const tr = cloned(s, 'sum-shape');
        $(tr, 'code').textContent = name;
        $(tr, 'td').textContent = shape.length ? `(${shape.join(', ')})` : t('sum.scalar');
        return tr;
      }));
      return li;
    });
    const repeat = cloned(s, 'sum-repeat');
    $(repeat, '.flow-text').textContent = tCount('sum.step.repeat.d', v.iterationsPerEpoch, numbers);
    $(s, '#sum-flow-steps').replaceChildren(...steps, repeat);
  }

  renderChecklist() {
    const s = this.section;
    for (const box of s.querySelectorAll('#sum-checklist-items input')) box.checked = this.done.has(box.dataset.item);
    $(s, '#sum-check-progress').value = this.done.size;
    $(s, '#sum-check-count').textContent = t('sum.check.count', { done: this.done.size, total: this.ids.length });
  }
}
