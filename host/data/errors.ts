import { WhorlError } from '../util/errors.js';

/** A dataset folder or one of its files cannot be used (bad name, numbering, resolution, folder). */
export class DatasetError extends WhorlError {}

/** One image file cannot be decoded or has an unsupported format or depth; `context.file` names it. */
export class ImageFormatError extends WhorlError {}
