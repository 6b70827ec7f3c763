// Entry point for Node's `import`: the same module instance as `require` (node.cjs), so that
// TallyfyError is one class however the package is loaded.
export {
  GroupsClient,
  LIST_ALL_PER_PAGE,
  MAX_PAGES,
  TallyfyError,
  VERSION,
  buildCreateGroup,
  buildDeleteGroup,
  buildGetGroup,
  buildListGroups,
  buildNextPage,
  buildUpdateGroup,
  fullUpdate,
  parseDeleteGroupResponse,
  parseGroupListResponse,
  parseGroupResponse,
  retryDelayMs,
  validateCreateGroup,
  validateUpdateGroup,
  wasmMemoryBytes,
} from "./node.cjs";
