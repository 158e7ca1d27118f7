// The HTML partials of the views (www/views/*.html) hold placeholders for pieces of markup
// written once, here or in www/views/pieces/: a lab panel (../views/lab-part.html), a lesson
// part's opening, a labelled field, a chart figure, a learning-rate slider, step buttons, a code
// listing, a lab job's run / cancel buttons with its progress bar and status line (the ids
// lab-job.js expects), and the #/gd1 / #/gd2 controls card pieces. expandPartial fills them in;
// every view builds its markup through it.

import labPart from '../views/lab-part.html?raw';
import controlsTop from '../views/pieces/controls-top.html?raw';
import number from '../views/pieces/number.html?raw';
import start from '../views/pieces/start.html?raw';
import stepper from '../views/pieces/stepper.html?raw';
import { chartMarkup, lrSliderMarkup, stepButtonsMarkup } from './chart-tools.js';
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

/** Placeholders `<div data-part="…" data-id="…">`, filled from their data attributes. */
const PARTS = {
  chart: (el) => chartMarkup(el.dataset.id, { focusable: 'focusable' in el.dataset, labelKey: el.dataset.labelKey ?? '' }),
  'lr-slider': (el) => lrSliderMarkup(el.dataset.id, el.dataset.key),
  'step-buttons': (el) => stepButtonsMarkup(el.dataset.id),
};

function expandParts(markup) {
  if (!markup.includes('data-part=')) return markup; // most partials have none: no parse and reserialise
  const template = document.createElement('template');
  template.innerHTML = markup;
  for (const el of template.content.querySelectorAll('[data-part]')) el.outerHTML = PARTS[el.dataset.part](el);
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
 * `<div class="field" data-label="key"><select id="x">…` by the field with its label for #x,
 * `<figure data-chart="id"></figure>` by chartMarkup(id),
 * `<details data-listing="which" data-summary="key"></details>` by codeListing(which, key) and
 * `<div data-lab-run="prefix" data-label="key"></div>` by the lab job's controls, and the
 * `data-piece` and `data-part` placeholders above.
 */
export function expandPartial(markup) {
  return expandParts(expandPieces(markup)
    .replace(/<section data-lab-part="([\w-]+)" data-text="([\w.-]+)">([\s\S]*?)<\/section>/g, (_, id, text, body) => labPartMarkup(id, text, body.trim()))
    .replace(/<section data-lesson-part="([\w-]+)" data-text="([\w.-]+)"([^>]*)>/g, (_, id, text, rest) => lessonPartHead(id, text, rest))
    .replace(/<div class="field" data-label="([\w.-]+)">(<(?:select|input)\b[^>]*\bid="([\w-]+)"[^>]*>)/g, (_, key, control, id) => `<div class="field"><label for="${id}" data-i18n="${key}"></label>${control}`)
    .replace(/<figure data-chart="([\w-]+)"><\/figure>/g, (_, id) => chartMarkup(id))
    .replace(/<details data-listing="([\w-]+)" data-summary="([\w.-]+)"><\/details>/g, (_, which, key) => codeListing(which, key))
    .replace(/<div data-lab-run="([\w-]+)" data-label="([\w.-]+)"><\/div>/g, (_, prefix, key) => labRunMarkup(prefix, key)));
}

/** A clone of the first element of `<template id="id">` under `root`. */
export function fromTemplate(root, id) {
  return root.querySelector(`template#${id}`).content.firstElementChild.cloneNode(true);
}
