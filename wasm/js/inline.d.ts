// Type declarations of `tallyfy-groups/inline`: the same API as the package's root.
export * from "./index.js";
