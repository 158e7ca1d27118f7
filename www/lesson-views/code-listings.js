// Short listings of the code the #/backprop experiments run, shown in a <details> beside each
// experiment. The listings themselves are in ../views/code-listings.html (one <template> each).

import listings from '../views/code-listings.html?raw';

const TEMPLATES = document.createElement('template');
TEMPLATES.innerHTML = listings;

/** A collapsed listing: `which` is numerical, check or backprop; the summary is translated. */
export function codeListing(which, summaryKey) {
  const code = TEMPLATES.content.querySelector(`template[data-listing="${which}"]`).innerHTML;
  return `<details class="code-listing" data-listing="${which}">
      <summary data-i18n="${summaryKey}"></summary>
      <pre><code>${code}</code></pre>
    </details>`;
}
