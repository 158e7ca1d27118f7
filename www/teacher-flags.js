// Teacher mode: a shared link can hide controls with `<key>_hide=1` (the value still applies).
// The flags are read from the link, kept when a view rewrites its hash, and hide the field of
// each hidden key: one implementation for the training view and the lesson views.

/** Keys a teacher hid with `<key>_hide=1` in a raw query. */
export function hiddenKeys(rawQuery) {
  return new Set([...(rawQuery ?? '').matchAll(/(?:^|&)([\w-]+)_hide=1(?=&|$)/g)].map((m) => m[1]));
}

/** `query` followed by the flags of `hidden`, as a view's hash keeps them. */
export function withFlags(query, hidden) {
  return query + [...hidden].map((k) => `&${k}_hide=1`).join('');
}

/** Hides each field whose keys include a hidden one; `fields` is [{ keys: [...], el }]. */
export function applyHidden(fields, hidden) {
  for (const { keys, el } of fields) el.hidden = keys.some((k) => hidden.has(k));
}
