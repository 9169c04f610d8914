/** Saves and loads the float model in the tfjs layers format (model.json + weights.bin) with a
 * manifest.json beside it; loading validates everything with clear errors. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WhorlError } from '../util/errors.js';
import { tf } from './wasm-backend.js';
import './layers.js';

export class ModelFileError extends WhorlError {
  constructor(message: string, context: Record<string, unknown>, cause?: unknown) {
    super('E_MODEL', message, { context, cause });
  }
}

export interface ModelManifest {
  format: 'whorl-float-model';
  version: 1;
  input: { size: number; dpi: number; preprocessing: string };
  macs: number;
  params: number;
  int8WeightBytes: number;
  training: Record<string, unknown>;
  figures: Record<string, unknown>;
  generatedBy: string;
}

export async function saveModel(model: tf.LayersModel, dir: string, manifest: ModelManifest): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (a) => {
    const json = {
      format: 'layers-model', generatedBy: manifest.generatedBy, convertedBy: null, modelTopology: a.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
    };
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    await writeFile(join(dir, 'weights.bin'), Buffer.from(a.weightData as ArrayBuffer));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  await saveManifest(dir, manifest);
}

export async function saveManifest(dir: string, manifest: ModelManifest): Promise<void> {
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function loadModel(dir: string): Promise<{ model: tf.LayersModel; manifest: ModelManifest }> {
  const read = async (f: string) => readFile(join(dir, f)).catch((e: unknown) => {
    throw new ModelFileError(`model ${dir}: cannot read ${f}`, { dir, file: f }, e);
  });
  let json: { modelTopology?: object; weightsManifest?: Array<{ weights: tf.io.WeightsManifestEntry[] }> };
  let manifest: ModelManifest;
  try {
    json = JSON.parse((await read('model.json')).toString('utf8'));
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(`model ${dir}: model.json is not valid JSON`, { dir }, e);
  }
  try {
    manifest = JSON.parse((await read('manifest.json')).toString('utf8')) as ModelManifest;
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(`model ${dir}: manifest.json is not valid JSON`, { dir }, e);
  }
  if (manifest.format !== 'whorl-float-model' || manifest.version !== 1) throw new ModelFileError(`model ${dir}: manifest.json is not a Whorl float model manifest (version 1)`, { dir });
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new ModelFileError(`model ${dir}: model.json has no modelTopology or weightsManifest`, { dir });
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const data = await read('weights.bin');
  const need = weightSpecs.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (data.length !== need) throw new ModelFileError(`model ${dir}: weights.bin has ${data.length} bytes, the manifest needs ${need} (truncated or from another model)`, { dir, have: data.length, need });
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) }));
  } catch (e) {
    throw new ModelFileError(`model ${dir}: cannot build the model: ${(e as Error).message}`, { dir }, e);
  }
  const shape = model.inputs[0].shape;
  if (shape[1] !== manifest.input.size || shape[2] !== manifest.input.size || shape[3] !== 1) {
    throw new ModelFileError(`model ${dir}: input ${JSON.stringify(shape)} does not match the manifest's ${manifest.input.size}x${manifest.input.size}x1`, { dir });
  }
  return { model, manifest };
}
