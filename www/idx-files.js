// The learner's own IDX files: picked with <input type=file> or dropped on the drop zone.
//
// Files are recognised by name (train / t10k, images / labels, idx3 / idx1), read into
// ArrayBuffers on the main thread and handed to the worker, which parses them with the wasm.

import { FILE_ROLES } from './protocol.js';

/** Which of the four standard files `name` is, or null. */
export function roleOf(name) {
  const n = name.toLowerCase();
  const isTest = /t10k|test/.test(n);
  const isTrain = !isTest && /train/.test(n);
  const isImages = /images|idx3/.test(n);
  const isLabels = !isImages && /labels|idx1/.test(n);
  if (!(isTest || isTrain) || !(isImages || isLabels)) return null;
  return `${isTrain ? 'train' : 'test'}${isImages ? 'Images' : 'Labels'}`;
}

/** Sorts files into roles; later files with the same role win. */
export function sortFiles(files) {
  const byRole = {};
  const unknown = [];
  for (const file of files) {
    const role = roleOf(file.name);
    if (role) byRole[role] = file;
    else unknown.push(file.name);
  }
  const missing = FILE_ROLES.filter((role) => !(role in byRole));
  return { byRole, unknown, missing };
}

/** Reads the four files: [{ role, name, buffer }] ready to transfer to the worker. */
export async function readFiles(byRole) {
  return Promise.all(FILE_ROLES.map(async (role) => ({
    role,
    name: byRole[role].name,
    buffer: await byRole[role].arrayBuffer(),
  })));
}

/**
 * Wires the file input and the drop zone; `onFiles(fileList)` gets the chosen files.
 * The drop zone is the input's <label>, so it is reachable and operable from the keyboard.
 */
export function wireFilePicker(input, dropZone, onFiles) {
  input.addEventListener('change', () => {
    if (input.files.length > 0) onFiles([...input.files]);
    input.value = '';
  });
  const setOver = (over) => dropZone.classList.toggle('over', over);
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    setOver(true);
  });
  dropZone.addEventListener('dragleave', () => setOver(false));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    setOver(false);
    if (input.disabled) return;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) onFiles(files);
  });
}
