// Type declarations of `tallyfy-groups/slim`: the package's API, uninitialised, with the two
// functions that initialise it.
export * from "./index.js";

declare global {
  // Merges with the DOM's or Node's declaration where present; declares the name elsewhere.
  namespace WebAssembly {
    interface Module {}
  }
}

/** What `init` fetches or reads: its `arrayBuffer()` is the module's bytes. */
export interface WasmResponseLike {
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A compiled module, the bytes of tallyfy_wasm_bg.wasm, where to fetch them, or a response. */
export type WasmSource =
  | WebAssembly.Module
  | ArrayBuffer
  | ArrayBufferView
  | string
  | { readonly href: string }
  | WasmResponseLike
  | PromiseLike<WasmResponseLike>;

/**
 * Instantiates the module synchronously from a compiled WebAssembly.Module (or its bytes).
 * Call it once before anything else; a second call does nothing.
 */
export declare function initSync(options: { module: WebAssembly.Module | ArrayBuffer | ArrayBufferView }): void;

/** Instantiates the module asynchronously. Await it once before anything else; a second call does nothing. */
export declare function init(options: { module_or_path: WasmSource }): Promise<void>;
