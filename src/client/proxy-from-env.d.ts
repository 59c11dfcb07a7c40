// proxy-from-env ships no type declarations.
declare module "proxy-from-env" {
  /** The proxy URL for `url` from the *_PROXY variables, or "" when none applies (NO_PROXY honoured). */
  export function getProxyForUrl(url: string | URL): string;
}
