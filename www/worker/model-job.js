// Reading a model file the learner imports (.gradlab or .npz), a quick job of the worker
// (./core.js): every field and the checksum are checked in the wasm here, so the page never
// waits on a big file; the page gets the file back in the canonical .gradlab form.

import { Model } from '../pkg/gradlab.js';
import { FromWorker, ToWorker } from '../protocol.js';
// model-store.js's summary of a model, so the page stores the import without parsing it again.
import { modelInfo } from '../model-store.js';

export function modelHandlers({ runQuick }) {
  return {
    [ToWorker.PARSE_MODEL]: (msg) => runQuick(msg, async (job, { bytes, fallbackName }) => {
      const model = Model.fromBytes(bytes);
      try {
        // The setter sanitises the name (length, control and bidi characters) in Rust.
        if (!model.name) model.name = fallbackName;
        const canonical = model.toBytes();
        job.reply(FromWorker.MODEL_PARSED, { bytes: canonical, name: model.name, info: modelInfo(model) }, [canonical.buffer]);
      } finally {
        model.free();
      }
    }),
  };
}
