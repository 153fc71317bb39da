/**
 * @module QRCode
 * @package @nuintun/qrcode
 * @license MIT
 * @version 5.0.3
 * @author nuintun <nuintun@qq.com>
 * @description A pure JavaScript QRCode encode and decode library.
 * @see https://github.com/nuintun/qrcode#readme
 */

/**
 * @module DataBlock
 */
class DataBlock {
  #codewords;
  #numDataCodewords;
  constructor(codewords, numDataCodewords) {
    this.#codewords = codewords;
    this.#numDataCodewords = numDataCodewords;
  }
  get codewords() {
    return this.#codewords;
  }
  get numDataCodewords() {
    return this.#numDataCodewords;
  }
}

export { DataBlock };
