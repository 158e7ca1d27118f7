// The HTML partials of the lab views (www/views/*.html) hold placeholders for pieces written
// once here: a chart figure, a code listing, and a lab job's run / cancel buttons with its
// progress bar and status line (the ids lab-job.js expects). This fills them in.

import { chartMarkup } from './chart-tools.js';
import { codeListing } from './code-listings.js';

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

/**
 * `markup` with `<figure data-chart="id"></figure>` replaced by chartMarkup(id),
 * `<details data-listing="which" data-summary="key"></details>` by codeListing(which, key) and
 * `<div data-lab-run="prefix" data-label="key"></div>` by the lab job's controls.
 */
export function expandPartial(markup) {
  return markup
    .replace(/<figure data-chart="([\w-]+)"><\/figure>/g, (_, id) => chartMarkup(id))
    .replace(/<details data-listing="([\w-]+)" data-summary="([\w.-]+)"><\/details>/g, (_, which, key) => codeListing(which, key))
    .replace(/<div data-lab-run="([\w-]+)" data-label="([\w.-]+)"><\/div>/g, (_, prefix, key) => labRunMarkup(prefix, key));
}

/** A clone of the first element of `<template id="id">` under `root`. */
export function fromTemplate(root, id) {
  return root.querySelector(`template#${id}`).content.firstElementChild.cloneNode(true);
}
