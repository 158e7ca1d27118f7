// Short listings of the code the #/backprop experiments run, shown in a <details> beside each
// experiment. The listings themselves are in ../views/code-listings.html (one <template> each).

import listings from '../views/code-listings.html?raw';
import { piece } from './pieces.js';

const TEMPLATES = document.createElement('template');
TEMPLATES.innerHTML = listings;

/** A collapsed listing (piece code-listing): `which` is numerical, check or backprop; the summary is translated. */
export function codeListing(which, summaryKey) {
  const code = TEMPLATES.content.querySelector(`template[data-listing="${which}"]`).innerHTML;
  return piece('code-listing', { which, summary: summaryKey, code });
}
