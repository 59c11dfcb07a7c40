// Public surface of the signed API client (PrivateLink RPC, Elasticsearch ROA).
export { PrivateLinkClient, type CallOptions, type ClientDeps, type ElasticsearchCallOptions } from "./client";
export {
  EncodingError,
  assertWellFormed,
  buildFormBody,
  buildQueryString,
  flattenParams,
  formEncode,
  percentEncode,
  type ApiParams,
  type ApiValue,
  type FlatParams,
} from "./encoding";
export {
  ApiError,
  NOT_FOUND_CODES,
  RETRYABLE_CODES,
  STATE_CONFLICT_CODES,
  isApiError,
  isNotFound,
  isStateConflict,
  isThrottling,
  type ResourceFamily,
  type SignatureDiagnosis,
} from "./errors";
export {
  type AssumeRoleSettings,
  type CredentialKind,
  type CredentialSpec,
  type SigningCredentials,
  describeSpec,
  staticCredentials,
} from "./credentials";
export { CredentialsError, credentialSourceFor, resetCredentialSources, type CredentialSource } from "./credential-providers";
export { DEBUG_ENV, debugLog } from "./debug";
export {
  SETTINGS_DEFAULTS,
  SettingsError,
  defaultEndpoint,
  isLoopbackHost,
  resolveSettings,
  type ClientSettings,
  type ResolveSettingsInput,
  type ResolvedSettings,
} from "./settings";
export { buildSignedRequest, buildSignedRoaRequest, formatTimestamp, roaPath, type SignatureVersion, type SignedRequest } from "./signer";
export { Semaphore, backoffCeiling, fullJitterDelay, runWithRetry, type RetryPolicy } from "./retry";
export { createAxiosTransport, proxyFor, TransportError, type HttpRequest, type HttpResponse, type Transport } from "./transport";
