import type { GreyImage } from '../data/grey.js';
import { WhorlError } from '../util/errors.js';

/**
 * A fingerprint matcher as the evaluator sees it. Float, int8 and on-device matchers implement
 * this. Features are opaque to the evaluator; it only caches their serialized bytes, keyed by
 * `id`, `version` and the image content, so bump `version` whenever extraction output changes.
 */
export interface Matcher<F = unknown> {
  /** Stable name used on the command line and in cache keys (e.g. "baseline", "cnn-int8"). */
  readonly id: string;
  /** Changes whenever extract() or compare() would give different results. */
  readonly version: string;
  readonly description: string;
  /**
   * True when extract/compare are pure computations that may run in worker threads (each worker
   * builds its own instance with the same factory). A device matcher (extraction or comparison
   * over a serial link) says false and is driven from the main thread only.
   */
  readonly threadSafe: boolean;
  /** Features of one image (may be remote: a device matcher sends the image and reads a template). */
  extract(img: GreyImage): Promise<F>;
  /** Similarity of two feature sets; higher means more similar. */
  compare(a: F, b: F): number;
  /**
   * Optional batch hook: scores of many pairs at once (one round trip to a device, or a vectorised
   * implementation). When absent the evaluator calls compare() per pair.
   */
  compareBatch?(pairs: ReadonlyArray<readonly [F, F]>): Promise<number[]>;
  /** Bytes for the feature cache; deserialize(serialize(f)) must compare exactly like f. */
  serialize(f: F): Uint8Array;
  deserialize(bytes: Uint8Array): F;
  /** Releases resources (device connection, native sessions). */
  close?(): Promise<void>;
}

/** Options a matcher factory receives (from the CLI `--matcher-opt k=v` or the API). */
export type MatcherOptions = Record<string, string>;
export type MatcherFactory = (opts: MatcherOptions) => Matcher;

/** A matcher id that nobody registered. */
export class MatcherError extends WhorlError {}

const registry = new Map<string, { factory: MatcherFactory; module?: string }>();

/**
 * Makes a matcher available by id. `module` is the URL of the ES module that registers it; worker
 * threads import it so that they can build the same matcher. Without it the matcher runs in the
 * main thread only.
 */
export function registerMatcher(id: string, factory: MatcherFactory, module?: string): void {
  registry.set(id, { factory, module });
}

/** Builds a registered matcher. */
export function createMatcher(id: string, opts: MatcherOptions = {}): Matcher {
  const e = registry.get(id);
  if (!e) throw new MatcherError('MATCHER_UNKNOWN', `unknown matcher "${id}" (known: ${[...registry.keys()].join(', ')})`, { context: { id } });
  return e.factory(opts);
}

/** The module URL that registers `id`, for worker threads; undefined when it cannot run there. */
export function matcherModule(id: string): string | undefined {
  return registry.get(id)?.module;
}

export function matcherIds(): string[] {
  return [...registry.keys()];
}
