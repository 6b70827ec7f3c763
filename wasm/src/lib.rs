//! JavaScript surface of the Tallyfy Groups core (wasm-bindgen).
