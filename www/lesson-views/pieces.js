// The pieces of markup the views are built from: one file each in ../views/pieces/ (a piece's
// name is its file's name), filled in here. Each `{name}` in a piece becomes the value `name`,
// put in as it is (an id, an i18n key, the markup a placeholder held); an attribute whose whole
// value is one `{name}` is left out when that value is missing or empty (`tabindex="{tabindex}"`).
// A piece may hold placeholders of other pieces, `<div data-piece="name" data-x="…"></div>`,
// filled from their data attributes (data-png-id gives `{pngId}`, as in `dataset`). A piece
// file may open with a `<!-- … -->` line about it; that comment and the file's last newline are
// not part of the piece.

const FILES = import.meta.glob('../views/pieces/*.html', { query: '?raw', import: 'default', eager: true });

const PIECES = Object.fromEntries(Object.entries(FILES)
  .map(([path, markup]) => [path.match(/([\w-]+)\.html$/)[1], markup.replace(/^<!--[^\n]*-->\n/, '').replace(/\n$/, '')]));

function missing(value) {
  return value === undefined || value === null || value === '' || value === false;
}

/** `markup` with its `{name}` placeholders filled from `values` (see above); unknown ones stay. */
export function fill(markup, values) {
  return markup
    .replace(/ [\w-]+="\{(\w+)\}"/g, (whole, name) => (missing(values[name]) ? '' : whole))
    .replace(/\{(\w+)\}/g, (whole, name) => (values[name] === undefined ? whole : String(values[name])));
}

/** `kebab-case` → `kebabCase`, as `dataset` names data attributes. */
function camel(name) {
  return name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
}

/** The `data-piece` placeholders in `markup` replaced by their pieces. */
export function expandPieces(markup) {
  return markup.replace(/<div data-piece="([\w-]+)"([^>]*)><\/div>/g, (_, name, attributes) => {
    const values = Object.fromEntries([...attributes.matchAll(/data-([\w-]+)="([^"]*)"/g)].map(([, k, v]) => [camel(k), v]));
    return piece(name, values);
  });
}

/** Piece `name` filled from `values`, the pieces it holds filled in too. */
export function piece(name, values = {}) {
  if (!(name in PIECES)) throw new Error(`no piece ${name} in www/views/pieces/`);
  return expandPieces(fill(PIECES[name], values));
}
