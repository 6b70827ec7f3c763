// The wasm module's bytes, from the base64 text xtask writes into wasm-base64.js at build time:
// Buffer where the host has it (Node, Deno and Bun: ten times faster), atob elsewhere.
import base64 from "./wasm-base64.js";

/** The bytes of tallyfy_wasm_bg.wasm. */
export function wasmBytes() {
  if (typeof Buffer === "function") return Buffer.from(base64, "base64");
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
