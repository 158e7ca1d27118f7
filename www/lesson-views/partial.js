// The HTML partials of the lab views (www/views/*.html) hold two kinds of placeholders for
// pieces written once in JS: a chart figure and a code listing. This fills them in.

import { chartMarkup } from './chart-tools.js';
import { codeListing } from './code-listings.js';

/**
 * `markup` with `<figure data-chart="id"></figure>` replaced by chartMarkup(id) and
 * `<details data-listing="which" data-summary="key"></details>` by codeListing(which, key).
 */
export function expandPartial(markup) {
  return markup
    .replace(/<figure data-chart="([\w-]+)"><\/figure>/g, (_, id) => chartMarkup(id))
    .replace(/<details data-listing="([\w-]+)" data-summary="([\w.-]+)"><\/details>/g, (_, which, key) => codeListing(which, key));
}

/** A clone of the first element of `<template id="id">` under `root`. */
export function fromTemplate(root, id) {
  return root.querySelector(`template#${id}`).content.firstElementChild.cloneNode(true);
}
