/**
 * Worker thread of the evaluation pool. Messages (all answered with the same `seq`):
 *   init     {module, matcher, options}  import the module that registers the matcher, build it
 *   extract  {path, kind, dpi}           decode the image and return serialized features
 *   load     {items: [index, bytes][]}   keep deserialized features for later comparisons
 *   compare  {pairs: Int32Array}         scores of (pairs[2k], pairs[2k+1]) as a Float64Array
 */
import { parentPort } from 'node:worker_threads';
import { readGreyFile, type ImageKind } from '../data/image.js';
import { createMatcher, type Matcher } from './matcher.js';

interface Msg {
  seq: number;
  type: 'init' | 'extract' | 'load' | 'compare';
  [k: string]: unknown;
}

let matcher: Matcher | undefined;
const features = new Map<number, unknown>();

async function handle(m: Msg): Promise<{ result?: unknown; transfer?: ArrayBuffer[] }> {
  switch (m.type) {
    case 'init':
      await import(m.module as string);
      matcher = createMatcher(m.matcher as string, m.options as Record<string, string>);
      return {};
    case 'extract': {
      const img = await readGreyFile(m.path as string, m.kind as ImageKind, m.dpi as number);
      const bytes = matcher!.serialize(await matcher!.extract(img));
      const copy = bytes.slice();
      return { result: copy, transfer: [copy.buffer] };
    }
    case 'load':
      for (const [i, b] of m.items as Array<[number, Uint8Array]>) features.set(i, matcher!.deserialize(b));
      return {};
    case 'compare': {
      const p = m.pairs as Int32Array;
      const out = new Float64Array(p.length / 2);
      for (let k = 0; k < out.length; k++) out[k] = matcher!.compare(features.get(p[2 * k]), features.get(p[2 * k + 1]));
      return { result: out, transfer: [out.buffer] };
    }
  }
}

parentPort!.on('message', (m: Msg) => {
  handle(m).then(
    ({ result, transfer }) => parentPort!.postMessage({ seq: m.seq, ok: true, result }, transfer ?? []),
    (err: unknown) => {
      const e = err as { name?: string; message?: string; code?: string; context?: unknown };
      parentPort!.postMessage({ seq: m.seq, ok: false, error: { name: e?.name, message: e?.message ?? String(err), code: e?.code, context: e?.context } });
    },
  );
});
