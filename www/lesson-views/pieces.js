// Pieces of markup that several lesson partials share (www/views/pieces/*.html), written once.
// A partial asks for one with `<div data-piece="name" data-x="…"></div>`; each `{x}` in the
// piece is filled from the matching data attribute. "controls-top" opens the controls card of
// #/gd1 and #/gd2 (the grid, the card, its title, the function select) and "stepper" closes it
// (step buttons, step count, status and stop lines, divergence notice, the chart card).

import controlsTop from '../views/pieces/controls-top.html?raw';
import number from '../views/pieces/number.html?raw';
import start from '../views/pieces/start.html?raw';
import stepper from '../views/pieces/stepper.html?raw';

const PIECES = { 'controls-top': controlsTop, number, start, stepper };

/** `markup` with each piece placeholder replaced by its piece, filled from its data attributes. */
export function expandPieces(markup) {
  return markup.replace(/<div data-piece="([\w-]+)"([^>]*)><\/div>/g, (_, name, attrs) => {
    const values = Object.fromEntries([...attrs.matchAll(/data-([\w-]+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    return PIECES[name].replace(/\{([\w-]+)\}/g, (whole, key) => values[key] ?? whole);
  });
}
