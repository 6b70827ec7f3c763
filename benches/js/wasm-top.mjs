// The largest items of a .wasm file, like `twiggy top`: function bodies by size (named from the
// "name" section when present), data segments and custom sections.
// Usage: node wasm-top.mjs FILE.wasm [N]
import { readFileSync } from "node:fs";

/** Reads an unsigned LEB128 at `pos`; returns [value, next position]. */
function leb(bytes, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [result, pos];
  }
}

function name(bytes, pos) {
  const [len, start] = leb(bytes, pos);
  return [new TextDecoder().decode(bytes.subarray(start, start + len)), start + len];
}

/** Every item with its size in bytes, largest first. */
export function wasmItems(bytes) {
  const items = [];
  const names = new Map();
  let importedFunctions = 0;
  let codeBodies = [];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, start] = leb(bytes, pos + 1);
    const end = start + size;
    if (id === 0) {
      const [section, body] = name(bytes, start);
      if (section === "name") {
        let p = body;
        while (p < end) {
          const kind = bytes[p];
          const [len, s] = leb(bytes, p + 1);
          if (kind === 1) {
            let [count, q] = leb(bytes, s);
            for (let i = 0; i < count; i++) {
              let index;
              [index, q] = leb(bytes, q);
              let fn;
              [fn, q] = name(bytes, q);
              names.set(index, fn);
            }
          }
          p = s + len;
        }
      }
      items.push({ name: `custom section "${section}"`, size: end - pos });
    } else if (id === 2) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        [, p] = name(bytes, p);
        [, p] = name(bytes, p);
        const kind = bytes[p++];
        if (kind === 0) {
          importedFunctions++;
          [, p] = leb(bytes, p);
        } else if (kind === 1) {
          p += 1;
          const flags = bytes[p++];
          [, p] = leb(bytes, p);
          if (flags & 1) [, p] = leb(bytes, p);
        } else if (kind === 2) {
          const flags = bytes[p++];
          [, p] = leb(bytes, p);
          if (flags & 1) [, p] = leb(bytes, p);
        } else {
          p += 2;
        }
      }
    } else if (id === 10) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        const [len, s] = leb(bytes, p);
        codeBodies.push({ index: importedFunctions + i, size: s + len - p });
        p = s + len;
      }
    } else if (id === 11) {
      items.push({ name: "data section (static strings and tables)", size: end - pos });
    }
    pos = end;
  }
  for (const body of codeBodies) {
    items.push({ name: names.get(body.index) ?? `code[${body.index}]`, size: body.size });
  }
  return items.sort((a, b) => b.size - a.size);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bytes = readFileSync(process.argv[2]);
  const top = Number(process.argv[3] ?? 20);
  const items = wasmItems(bytes);
  for (const item of items.slice(0, top)) {
    console.log(
      `${String(item.size).padStart(8)}  ${((100 * item.size) / bytes.length).toFixed(2).padStart(6)}%  ${item.name}`,
    );
  }
}
