// Response bodies as the real gateway writes them: JSON by default, XML when Format=XML; success bodies carry
// RequestId, error bodies are {RequestId, HostId, Code, Message, Recommend}.

import { randomUUID } from "node:crypto";

export type ResponseFormat = "JSON" | "XML";

export const JSON_CONTENT_TYPE = "application/json;charset=utf-8";
export const XML_CONTENT_TYPE = "text/xml;charset=utf-8";

export interface RenderedResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Upper-case UUID, like `8D8992C1-6712-423C-BAC5-E5E817484C6B`. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** The product that answers: its host-name code and its name in troubleshooting links. */
export interface ProductIdentity {
  readonly code: string;
  readonly name: string;
}

const PRIVATELINK: ProductIdentity = { code: "privatelink", name: "Privatelink" };

export function hostIdFor(regionId: string, product: ProductIdentity = PRIVATELINK): string {
  return `${product.code}.${regionId}.aliyuncs.com`;
}

export function recommendUrl(code: string, requestId: string, product: ProductIdentity = PRIVATELINK): string {
  return `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=${encodeURIComponent(product.name)}&requestId=${encodeURIComponent(requestId)}`;
}

/** `Format` is case-insensitive on the wire; anything but XML answers JSON. */
export function parseFormat(value: string | undefined): ResponseFormat {
  return value !== undefined && value.toUpperCase() === "XML" ? "XML" : "JSON";
}

export function renderSuccess(action: string, requestId: string, body: Record<string, unknown>, format: ResponseFormat): RenderedResponse {
  const full: Record<string, unknown> = { RequestId: requestId };
  for (const [k, v] of Object.entries(body)) if (k !== "RequestId") full[k] = v;
  if (format === "XML") {
    return { status: 200, contentType: XML_CONTENT_TYPE, body: xmlDocument(`${action}Response`, full) };
  }
  return { status: 200, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(full) };
}

export interface ErrorFields {
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
}

export function renderError(err: ErrorFields, requestId: string, regionId: string, format: ResponseFormat, product?: ProductIdentity): RenderedResponse {
  const body = {
    RequestId: requestId,
    HostId: hostIdFor(regionId, product),
    Code: err.code,
    Message: err.message,
    Recommend: recommendUrl(err.code, requestId, product),
  };
  if (format === "XML") return { status: err.httpStatus, contentType: XML_CONTENT_TYPE, body: xmlDocument("Error", body) };
  return { status: err.httpStatus, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(body) };
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export function xmlDocument(root: string, value: Record<string, unknown>): string {
  return XML_DECLARATION + element(root, value);
}

/** Arrays become repeated sibling elements named after their key; objects nest; null is an empty element. */
function element(name: string, value: unknown): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join("");
  if (value === null) return `<${name}></${name}>`;
  if (typeof value === "object") {
    let inner = "";
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) inner += element(k, v);
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&apos;"));
}
