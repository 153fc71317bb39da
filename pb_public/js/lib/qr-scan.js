// Reads QR codes from the camera for "Karte prüfen". Browsers with
// BarcodeDetector (Chrome on Android) use it; every other browser (Safari
// on iPhones, Firefox) decodes the frames in JavaScript with the vendored
// decoder @nuintun/qrcode (pb_public/vendor/qrcode, MIT licence beside it):
// plain ES modules without eval or WebAssembly, so the portal's strict CSP
// (script-src 'self') needs no exception.
import { binarize, grayscale } from '/vendor/qrcode/binarizer/index.js';
import { Detector } from '/vendor/qrcode/detector/Detector.js';
import { Decoder } from '/vendor/qrcode/decoder/Decoder.js';

/** decodeImageData returns the text of the first QR code found in an ImageData, or null. */
export function decodeImageData(image) {
  const binarized = binarize(grayscale(image), image.width, image.height);
  const detected = new Detector().detect(binarized);
  const decoder = new Decoder();
  for (let current = detected.next(); !current.done; ) {
    let found = null;
    try {
      found = decoder.decode(current.value.matrix).content;
    } catch { /* this candidate was not a readable code; try the next */ }
    current = detected.next(found !== null);
    if (found !== null) return found;
  }
  return null;
}

/**
 * frameReader returns an async function that reads a QR code from the
 * current frame of a video element, or null: BarcodeDetector where the
 * browser has it, the JavaScript decoder elsewhere.
 */
export function frameReader(video) {
  if ('BarcodeDetector' in window) {
    try {
      const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      return async () => (await detector.detect(video))[0]?.rawValue || null;
    } catch { /* the browser names it but cannot read QR codes: decode in JavaScript */ }
  }
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async () => {
    const { videoWidth: w, videoHeight: h } = video;
    if (!w || !h) return null;
    // a smaller copy is read faster and a phone's camera is sharp enough
    const scale = Math.min(1, 800 / Math.max(w, h));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    return decodeImageData(context.getImageData(0, 0, canvas.width, canvas.height));
  };
}
