/**
 * Worker thread of the reference pool: decodes an image and runs the host int8 reference on it.
 * Messages: {seq, blob} loads the model once; {seq, path, kind, dpi} answers {reason, quality,
 * embedding}. Errors go back as {seq, error}.
 */
import { parentPort } from 'node:worker_threads';
import { readGreyFile, type ImageKind } from '../data/image.js';
import { Int8Reference } from '../fp/reference.js';

let ref: Int8Reference | undefined;

interface Msg { seq: number; blob?: Uint8Array; path?: string; kind?: ImageKind; dpi?: number }

parentPort!.on('message', (m: Msg) => {
  void (async () => {
    try {
      if (m.blob) {
        ref = new Int8Reference(m.blob);
        parentPort!.postMessage({ seq: m.seq });
        return;
      }
      const img = await readGreyFile(m.path!, m.kind!, m.dpi!);
      const r = ref!.embed(img);
      const embedding = Int8Array.from(r.embedding);
      parentPort!.postMessage({ seq: m.seq, reason: r.reason, quality: r.quality, embedding }, [embedding.buffer]);
    } catch (e) {
      const err = e as { message?: string; code?: string };
      parentPort!.postMessage({ seq: m.seq, error: { message: err?.message ?? String(e), code: err?.code } });
    }
  })();
});
