/**
 * @module QRCode
 * @package @nuintun/qrcode
 * @license MIT
 * @version 5.0.3
 * @author nuintun <nuintun@qq.com>
 * @description A pure JavaScript QRCode encode and decode library.
 * @see https://github.com/nuintun/qrcode#readme
 */

export { Charset } from './common/Charset.js';
export { Decoder } from './decoder/Decoder.js';
export { Encoder } from './encoder/Encoder.js';
export { BitMatrix } from './common/BitMatrix.js';
export { Byte } from './encoder/segments/Byte.js';
export { Detector } from './detector/Detector.js';
export { Hanzi } from './encoder/segments/Hanzi.js';
export { Kanji } from './encoder/segments/Kanji.js';
export { binarize, grayscale } from './binarizer/index.js';
export { Numeric } from './encoder/segments/Numeric.js';
export { Alphanumeric } from './encoder/segments/Alphanumeric.js';
