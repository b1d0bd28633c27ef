/**
 * OAuth 1.0a (RFC 5849): percent-encoding, parameter normalization, base strings, the four
 * signature methods, the Authorization header, request signing, provider-side verification, and
 * the 3-legged flow as request/process pairs. Pure but for the flow's requests, which go through
 * an injected `fetch`; the clock, the nonce and the nonce store are injected too.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849
 */
export { percentEncode } from './percent-encode.js';
export { normalizeParameters, type ParameterPair } from './parameters.js';
export { buildBaseStringUri, buildSignatureBaseString } from './base-string.js';
export { buildSigningKey } from './signature/signing-key.js';
export {
  buildAuthorizationHeader,
  parseAuthorizationHeader,
  type ParsedAuthorizationHeader,
} from './authorization-header.js';
export { signRequest } from './sign-request.js';
export { verifyRequest } from './verify-request.js';
export { createMemoryNonceStore, type MemoryNonceStoreOptions } from './nonce-store.js';
export {
  OAuthVerificationError,
  verificationFailureResponses,
  type OAuthVerificationErrorCode,
  type OAuthVerificationErrorDetails,
  type TwitterOAuthErrorCode,
  type VerificationFailureResponse,
} from './verification-error.js';
export {
  buildAuthorizationUrl,
  processAuthorizationCallback,
  type AuthorizationCallback,
} from './flow/authorization-url.js';
export {
  processTemporaryCredentialsResponse,
  requestTemporaryCredentials,
  type ClientCredentials,
  type TemporaryCredentials,
  type TemporaryCredentialsOptions,
} from './flow/temporary-credentials.js';
export {
  processTokenCredentialsResponse,
  requestTokenCredentials,
  type TokenCredentials,
  type TokenCredentialsOptions,
} from './flow/token-credentials.js';
export { OAuthProviderError, ProviderUnreachableError } from './flow/provider-error.js';
export {
  describeProviderError,
  readProviderErrorBody,
  type ProviderErrorDetails,
} from './flow/provider-error-body.js';
export type {
  FetchLike,
  ProviderRequestInit,
  ProviderRequestOptions,
  ProviderResponse,
} from './flow/provider-http.js';
export type {
  ConsumerRecord,
  Credentials,
  NonceCheck,
  NonceStore,
  ParameterTransmission,
  ReceivedRequest,
  RequestToSign,
  SignatureMethod,
  SignedRequest,
  SignOptions,
  TokenRecord,
  VerifiedRequest,
  VerifyRequestOptions,
} from './types.js';
