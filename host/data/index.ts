export { readDataset, loadGrey, type Dataset, type ImpressionRef, type ReadDatasetOptions } from './dataset.js';
export { decodeGrey, readGreyFile, IMAGE_EXTENSIONS, type ImageKind } from './image.js';
export { decodeBmp, type RawGrey } from './bmp.js';
export { decodePgm } from './pgm.js';
export { DatasetError, ImageFormatError } from './errors.js';
export { luma, type GreyImage } from './grey.js';
