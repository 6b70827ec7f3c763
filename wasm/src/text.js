// Copies a JavaScript string into the module's memory as UTF-8, in one call from Rust
// (`de.rs`). wasm-bindgen's own way asks the module for memory from JavaScript and answers
// through a return area; here Rust hands over a buffer it owns and gets the length back.

const encoder = new TextEncoder();
/** A view of the module's memory; it reads as empty once the memory has grown (detached). */
let bytes = new Uint8Array(0);

/**
 * Writes `text` as UTF-8 at `ptr` (at most `capacity` bytes) in `memory`, a lone surrogate
 * becoming U+FFFD as TextEncoder writes it: the number of bytes written, or -1 if it did not
 * fit. A short ASCII text is copied unit by unit, cheaper than a call to the encoder.
 */
export function encode_into(memory, text, ptr, capacity) {
  const units = text.length;
  if (units > capacity) return -1;
  if (bytes.byteLength === 0) bytes = new Uint8Array(memory.buffer);
  if (units <= 64) {
    let i = 0;
    for (; i < units; i++) {
      const unit = text.charCodeAt(i);
      if (unit > 0x7f) break;
      bytes[ptr + i] = unit;
    }
    if (i === units) return units;
  }
  const { read, written } = encoder.encodeInto(text, bytes.subarray(ptr, ptr + capacity));
  return read === units ? written : -1;
}
