// What record.mjs needs of the API Gateway Smithy model (read in place from ../../shared, the
// reference material beside the checkout): the request headers each operation's input binds.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const MODEL = join(here, "..", "..", "shared", "models", "other-protocols", "api-gateway-2015-07-09.json");
const NAMESPACE = "com.amazonaws.apigateway#";

let shapes = null;

/** The header names (lowercase) that the operation's input members bind with `@httpHeader`. */
export function boundHeaders(operation) {
  shapes ??= JSON.parse(readFileSync(MODEL, "utf8")).shapes;
  const op = shapes[NAMESPACE + operation];
  if (op?.type !== "operation") throw new Error(`${operation} is not an operation of the API Gateway model`);
  const input = op.input && shapes[op.input.target];
  return Object.values(input?.members ?? {})
    .map((m) => m.traits?.["smithy.api#httpHeader"])
    .filter((h) => typeof h === "string")
    .map((h) => h.toLowerCase())
    .sort();
}

/**
 * The members an error structure declares besides its message (`retryAfterSeconds`), or none
 * for a name the model does not have. The SDK also copies unknown body members (`__type`,
 * `code`) onto the error: those are not the model's.
 */
export function errorMembers(name) {
  shapes ??= JSON.parse(readFileSync(MODEL, "utf8")).shapes;
  const shape = shapes[NAMESPACE + name];
  if (shape?.type !== "structure" || !shape.traits?.["smithy.api#error"]) return [];
  return Object.keys(shape.members ?? {}).filter((m) => m.toLowerCase() !== "message");
}
