// The typed PrivateLink API layer: one function per action, request/response types, normalisation, paging.
export * from "./privatelink";
