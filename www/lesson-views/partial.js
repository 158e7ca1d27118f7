// The HTML partials of the views (www/views/*.html) hold placeholders for pieces of markup
// written once, here or in www/views/pieces/: a lab panel (../views/lab-part.html), a lesson
// part's opening, a labelled field, a chart figure, a learning-rate slider, step buttons, a code
// listing, a lab job's run / cancel buttons with its progress bar and status line (the ids
// lab-job.js expects), and the #/gd1 / #/gd2 controls card pieces; and the card skeletons
// (`data-part`): a view's header with the book's section number, a titled card, a table in its
// scroll box, a chart card, controls beside a chart, a numbered part. expandPartial fills them
// in; every view builds its markup through it. The page shell (index.html) uses the same
// placeholders for its training charts, headers and fields, expanded in place at boot
// (expandPlaceholders).

import labPart from '../views/lab-part.html?raw';
import controlsTop from '../views/pieces/controls-top.html?raw';
import number from '../views/pieces/number.html?raw';
import start from '../views/pieces/start.html?raw';
import stepper from '../views/pieces/stepper.html?raw';
import { chartMarkup, lrSliderMarkup, stepButtonsMarkup, trainChartMarkup } from './chart-tools.js';
import { codeListing } from './code-listings.js';

/**
 * Pieces asked for with `<div data-piece="name" data-x="…"></div>`; each `{x}` in the piece is
 * filled from the matching data attribute. "controls-top" opens the controls card of #/gd1 and
 * #/gd2 (the grid, the card, its title, the function select) and "stepper" closes it (step
 * buttons, step count, status and stop lines, divergence notice, the chart card).
 */
const PIECES = { 'controls-top': controlsTop, number, start, stepper };

function expandPieces(markup) {
  return markup.replace(/<div data-piece="([\w-]+)"([^>]*)><\/div>/g, (_, name, attrs) => {
    const values = Object.fromEntries([...attrs.matchAll(/data-([\w-]+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    return PIECES[name].replace(/\{([\w-]+)\}/g, (whole, key) => values[key] ?? whole);
  });
}

/**
 * The data attributes `names` (camelCase, as in `dataset`) of placeholder `el`, taken off it:
 * what stays on it (class, id, data-key…) passes to the markup that replaces it.
 */
function take(el, ...names) {
  const values = {};
  for (const name of names) {
    values[name] = el.dataset[name];
    delete el.dataset[name];
  }
  return values;
}

/** The attributes left on placeholder `el` but data-part, as markup (` class="…" id="…"`). */
function ownAttributes(el) {
  return [...el.attributes].filter((a) => a.name !== 'data-part')
    .map((a) => ` ${a.name}="${a.value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`).join('');
}

/**
 * A view's header: `<header data-part="view-head" [data-num="4.4"] data-title="nav.lr"
 * data-intro="lr.intro" [data-title-id="…"]>` gets its h1 (the book's section number if it has
 * one, the title) and intro; what the placeholder holds (tabs, part links) follows them.
 */
function viewHead(el) {
  const { num, title, intro, titleId } = take(el, 'num', 'title', 'intro', 'titleId');
  const id = titleId ? ` id="${titleId}"` : '';
  const h1 = num
    ? `<h1${id}><span class="num wide" aria-hidden="true">${num}</span> <span data-i18n="${title}"></span></h1>`
    : `<h1${id} data-i18n="${title}"></h1>`;
  return `<header class="view-head">
  ${h1}
  <p class="intro" data-i18n="${intro}"></p>${el.innerHTML}</header>`;
}

/** The attributes of a panel made from placeholder `el`: the classes `base` then its own, its other attributes. */
function panelAttributes(el, base) {
  const classes = [...base, ...el.classList].join(' ');
  el.removeAttribute('class');
  return ` class="${classes}"${ownAttributes(el)}`;
}

/**
 * A titled card: `<section data-part="card" data-title-id="x-title" data-title="key"
 * [data-heading="h3"] [data-hidden-title] [data-hint="key"] class="…">` becomes a panel labelled
 * by its heading (h2 unless data-heading says otherwise; data-hidden-title keeps it for screen
 * readers only), the placeholder's classes after "panel lesson-card", then the hint and the
 * placeholder's content.
 */
function card(el) {
  const { titleId, title, heading = 'h2', hint, hiddenTitle } = take(el, 'titleId', 'title', 'heading', 'hint', 'hiddenTitle');
  const hidden = hiddenTitle === undefined ? '' : ' class="visually-hidden"';
  const hintMarkup = hint ? `\n<p class="hint" data-i18n="${hint}"></p>` : '';
  return `<section aria-labelledby="${titleId}"${panelAttributes(el, ['panel', 'lesson-card'])}>
  <${heading} id="${titleId}"${hidden} data-i18n="${title}"></${heading}>${hintMarkup}${el.innerHTML}</section>`;
}

/**
 * A chart in a card of its own: `<div data-part="chart-card" data-id="chart id" [data-focusable]
 * class="…" id="…">` is a panel (classes after "panel lesson-card chart-card") with the chart
 * first and the placeholder's content (a log-scale switch, say) under it.
 */
function chartCard(el) {
  const chart = chartPart(el);
  return `<div${panelAttributes(el, ['panel', 'lesson-card', 'chart-card'])}>${chart}${el.innerHTML}</div>`;
}

/** `<div data-part="chart" data-id="…" [data-focusable] [data-label-key="…"]>`: chartMarkup. */
function chartPart(el) {
  const { id, focusable, labelKey = '' } = take(el, 'id', 'focusable', 'labelKey');
  return chartMarkup(id, { focusable: focusable !== undefined, labelKey });
}

/**
 * A table in its keyboard-scrollable box: `<table data-part="scroll-table" data-label="id"
 * [data-box="id"] [data-box-class="tall"] class="…" id="…"><thead>…</thead></table>` goes into a
 * `.table-scroll` group labelled by #data-label, with an empty tbody after its head unless it has one.
 */
function scrollTable(el) {
  const { label, box, boxClass } = take(el, 'label', 'box', 'boxClass');
  const boxId = box ? ` id="${box}"` : '';
  if (!el.tBodies.length) el.tHead.after(el.ownerDocument.createElement('tbody'));
  return `<div class="table-scroll${boxClass ? ` ${boxClass}` : ''}"${boxId} role="group" tabindex="0" aria-labelledby="${label}">
  <table${ownAttributes(el)}>${el.innerHTML}</table>
</div>`;
}

/**
 * Controls beside a chart: `<div data-part="chart-grid" data-chart="chart id" data-card="card id">`
 * is a lesson grid of the placeholder's content (a controls card) and the chart's card.
 */
function chartGrid(el) {
  const { chart, card: cardId } = take(el, 'chart', 'card');
  return `<div class="lesson-grid">${el.innerHTML}<div data-part="chart-card" data-id="${chart}" id="${cardId}"></div>
</div>`;
}

/**
 * A part of a view numbered as in the book: `<section data-part="numbered-part" data-num="4.8"
 * data-title="key" data-title-id="id" [data-intro="key"] id="…" tabindex="-1">` opens with its
 * heading (number and title) and intro, then the placeholder's content.
 */
function numberedPart(el) {
  const { num, title, titleId, intro } = take(el, 'num', 'title', 'titleId', 'intro');
  const introMarkup = intro ? `\n<p class="intro" data-i18n="${intro}"></p>` : '';
  return `<section class="lesson-part" aria-labelledby="${titleId}"${ownAttributes(el)}>
  <h2 id="${titleId}" class="part-title"><span class="part-num">${num}</span> <span data-i18n="${title}"></span></h2>${introMarkup}${el.innerHTML}</section>`;
}

/** Placeholders `<div data-part="…" data-id="…">` (and the elements above), filled from their data attributes. */
const PARTS = {
  card,
  'chart-card': chartCard,
  'chart-grid': chartGrid,
  chart: chartPart,
  'numbered-part': numberedPart,
  // data-key (a lesson's; data-key="" for none), data-label, data-hint, data-described-by: see
  // lrSliderMarkup; what the placeholder holds follows the hint.
  'lr-slider': (el) => lrSliderMarkup(el.dataset.id, {
    key: el.dataset.key, label: el.dataset.label, hint: el.dataset.hint, after: el.innerHTML, describedBy: el.dataset.describedBy,
  }),
  // An explanation in paragraphs: data-keys="a.1 a.2 …" are their texts' keys.
  paragraphs: (el) => el.dataset.keys.split(' ').map((key) => `<p data-i18n="${key}"></p>`).join('\n'),
  'scroll-table': scrollTable,
  'step-buttons': (el) => stepButtonsMarkup(el.dataset.id),
  'train-chart': (el) => trainChartMarkup(el.dataset.id),
  'view-head': viewHead,
};

/**
 * The `data-part` placeholders under `root` replaced in place, one at a time from the outside in
 * (a card's markup may hold a table placeholder). The page shell (index.html) has some too.
 */
export function expandPlaceholders(root) {
  for (let el; (el = root.querySelector('[data-part]'));) el.outerHTML = PARTS[el.dataset.part](el);
  labelFields(root);
}

/**
 * Each `<div class="field" data-label="key">` gets the label (text `key`) of its first control:
 * before it, or after it in a checkbox field (`.field.check`).
 */
function labelFields(root) {
  for (const field of root.querySelectorAll('.field[data-label]')) {
    const control = field.querySelector('input, select, output');
    const label = field.ownerDocument.createElement('label');
    label.htmlFor = control.id;
    label.dataset.i18n = field.dataset.label;
    if (field.classList.contains('check')) control.after(label);
    else control.before(label);
    field.removeAttribute('data-label');
  }
}

function expandParts(markup) {
  // Most partials have no placeholder for these: no parse and reserialise.
  if (!markup.includes('data-part=') && !markup.includes('data-label=')) return markup;
  const template = document.createElement('template');
  template.innerHTML = markup;
  expandPlaceholders(template.content);
  return template.innerHTML;
}

/** Run and cancel buttons, progress bar and status line of the lab job `prefix`. */
function labRunMarkup(prefix, runKey) {
  return `
    <div class="buttons left lab-buttons">
      <button type="button" id="${prefix}-run" class="primary" data-i18n="${runKey}"></button>
      <button type="button" id="${prefix}-cancel" data-i18n="lab.cancel" disabled></button>
    </div>
    <progress id="${prefix}-progress" max="1" value="0" aria-labelledby="${prefix}-status"></progress>
    <p id="${prefix}-status" class="status-text lab-status" aria-live="polite"></p>`;
}

/** The opening of lesson part `id`: the section (with the placeholder's other attributes `rest`), its title and intro. */
function lessonPartHead(id, text, rest) {
  return `<section class="lesson-part" aria-labelledby="${id}-title"${rest}>
  <h2 id="${id}-title" class="part-title" data-i18n="${text}.title"></h2>
  <p class="intro" data-i18n="${text}.intro"></p>`;
}

/** A lab panel `id` (texts `<text>.title`, `.intro`, `.controls`, `.run`) with `body` in its controls card. */
function labPartMarkup(id, text, body) {
  const fill = { id, text, body };
  return labPart.replace(/\{(id|text|body)\}/g, (_, name) => fill[name]);
}

/**
 * `markup` with
 * `<section data-lab-part="id" data-text="prefix">body</section>` replaced by a lab panel,
 * `<section data-lesson-part="id" data-text="prefix">` by a lesson part's opening (title, intro),
 * `<figure data-chart="id"></figure>` by chartMarkup(id),
 * `<details data-listing="which" data-summary="key"></details>` by codeListing(which, key) and
 * `<div data-lab-run="prefix" data-label="key"></div>` by the lab job's controls, and the
 * `data-piece` and `data-part` placeholders above.
 */
export function expandPartial(markup) {
  return expandParts(expandPieces(markup)
    .replace(/<section data-lab-part="([\w-]+)" data-text="([\w.-]+)">([\s\S]*?)<\/section>/g, (_, id, text, body) => labPartMarkup(id, text, body.trim()))
    .replace(/<section data-lesson-part="([\w-]+)" data-text="([\w.-]+)"([^>]*)>/g, (_, id, text, rest) => lessonPartHead(id, text, rest))
    .replace(/<figure data-chart="([\w-]+)"><\/figure>/g, (_, id) => chartMarkup(id))
    .replace(/<details data-listing="([\w-]+)" data-summary="([\w.-]+)"><\/details>/g, (_, which, key) => codeListing(which, key))
    .replace(/<div data-lab-run="([\w-]+)" data-label="([\w.-]+)"><\/div>/g, (_, prefix, key) => labRunMarkup(prefix, key)));
}

/** A clone of the first element of `<template id="id">` under `root`. */
export function fromTemplate(root, id) {
  return root.querySelector(`template#${id}`).content.firstElementChild.cloneNode(true);
}
