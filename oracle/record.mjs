// Replays each suite's cases through the official AWS SDK for JavaScript and writes what it saw
// to tests/fixtures/oracle/, for the Rust oracle tests to compare with the generated crates:
// oracle/cases.json (Cognito, awsJson1_1) to recorded.json for tests/oracle.rs, and
// oracle/api-gateway-cases.json (API Gateway, restJson1) to api-gateway.json for
// tests/oracle_api_gateway.rs.
//
// No network: the client gets a request handler that records the request and answers with the
// case's canned response. Usage: `npm ci && node record.mjs [suite]` in this directory.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { HttpResponse } from "@smithy/protocol-http";
import { buildQueryString } from "@smithy/core/protocols";
import { boundHeaders, errorMembers } from "./model.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "..", "tests", "fixtures", "oracle");
const require = createRequire(import.meta.url);

/** Each suite: the SDK client, its cases, its fixture, and how a request is recorded. */
const SUITES = {
  cognito: {
    packages: ["@aws-sdk/client-cognito-identity-provider", "@smithy/protocol-http"],
    client: "CognitoIdentityProviderClient",
    cases: "cases.json",
    out: "recorded.json",
    request: awsJsonRequest,
  },
  "api-gateway": {
    packages: ["@aws-sdk/client-api-gateway", "@smithy/core", "@smithy/protocol-http"],
    client: "APIGatewayClient",
    cases: "api-gateway-cases.json",
    out: "api-gateway.json",
    request: restRequest,
    // Errors here carry modeled members besides the message (`retryAfterSeconds`).
    errorMembers: true,
  },
};

/** The awsJson request: everything but the volatile headers (date, signature, ids, agent). */
function awsJsonRequest(request) {
  return {
    method: request.method,
    path: request.path,
    contentType: header(request.headers, "content-type"),
    target: header(request.headers, "x-amz-target"),
    signed: header(request.headers, "authorization") !== null,
    body: requestBody(request.body),
  };
}

/**
 * The restJson1 request: method, the encoded path, the query string as the handler would send
 * it, the operation's model-bound headers plus Content-Type and Content-Length (null when
 * absent), and the body. The volatile headers (date, signature, ids, agent) are never recorded.
 */
function restRequest(request, operation) {
  const headers = {};
  for (const name of ["content-type", "content-length", ...boundHeaders(operation)]) {
    headers[name] = header(request.headers, name);
  }
  return {
    method: request.method,
    path: request.path,
    query: buildQueryString(request.query ?? {}),
    headers,
    signed: header(request.headers, "authorization") !== null,
    body: requestBody(request.body),
  };
}

/** The exact response body text: a string is the body itself, anything else is JSON.stringify'd. */
function bodyText(body) {
  return typeof body === "string" ? body : JSON.stringify(body);
}

/** The request body as the exact string the SDK would send. */
function requestBody(body) {
  if (body === undefined || body === null) return null;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return new TextDecoder("utf-8", { fatal: true }).decode(body);
  throw new Error(`unexpected request body type ${Object.prototype.toString.call(body)}`);
}

/** A header by case-insensitive name, or null. */
function header(headers, name) {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? null : String(headers[key]);
}

/**
 * Deep copy with object keys sorted, so that the fixture does not depend on SDK internals. A
 * timestamp (`Date`) becomes epoch seconds and a blob (`Uint8Array`) its UTF-8 text: the forms
 * the Rust side builds its expected values from.
 */
function sortKeys(value) {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return new TextDecoder("utf-8", { fatal: true }).decode(value);
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const k of Object.keys(value).sort()) {
      if (value[k] !== undefined) out[k] = sortKeys(value[k]);
    }
    return out;
  }
  return value;
}

/** The members the model gives the error beyond its message (`retryAfterSeconds`), keys sorted. */
function modeledMembers(e) {
  const out = {};
  for (const k of errorMembers(e.name).sort()) {
    if (e[k] !== undefined) out[k] = sortKeys(e[k]);
  }
  return out;
}

async function runCase(suite, sdk, c) {
  const Command = sdk[`${c.operation}Command`];
  if (typeof Command !== "function") throw new Error(`${c.name}: no ${c.operation}Command in the SDK`);
  const served = {
    status: c.response.status,
    headers: { ...c.response.headers },
    body: bodyText(c.response.body),
  };
  const requests = [];
  const client = new sdk[suite.client]({
    region: "us-east-1",
    credentials: {
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    },
    // One attempt: throttling and 5xx cases must not be retried (nor slept on).
    maxAttempts: 1,
    requestHandler: {
      async handle(request) {
        requests.push(suite.request(request, c.operation));
        return {
          response: new HttpResponse({
            statusCode: served.status,
            headers: { ...served.headers },
            body: Buffer.from(served.body, "utf8"),
          }),
        };
      },
    },
  });
  let outcome;
  try {
    const output = await client.send(new Command(structuredClone(c.input)));
    const { $metadata, ...rest } = output;
    outcome = { output: sortKeys(rest) };
  } catch (e) {
    // A service error carries $fault. Anything else (a SyntaxError from JSON.parse on a
    // non-JSON body) has a message worded by the JavaScript engine, which changes between Node
    // versions: it is left out to keep the fixture stable.
    const service = typeof e?.$fault === "string";
    const error = {
      name: e?.name ?? null,
      message: service ? (e.message ?? null) : null,
      fault: service ? (e.$fault ?? null) : null,
    };
    if (suite.errorMembers && service) error.members = modeledMembers(e);
    outcome = { error };
  } finally {
    client.destroy();
  }
  if (requests.length !== 1) throw new Error(`${c.name}: the SDK sent ${requests.length} requests, expected 1`);
  return { name: c.name, operation: c.operation, request: requests[0], response: served, ...outcome };
}

async function record(suiteName) {
  const suite = SUITES[suiteName];
  const sdk = await import(suite.packages[0]);
  const { cases } = JSON.parse(readFileSync(join(here, suite.cases), "utf8"));
  const names = new Set();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name ${c.name}`);
    names.add(c.name);
  }

  const recorded = [];
  for (const c of cases) recorded.push(await runCase(suite, sdk, c));

  const sdkVersions = {};
  for (const p of suite.packages) sdkVersions[p] = require(`${p}/package.json`).version;

  const fixture = {
    $comment: `Generated by oracle/record.mjs from oracle/${suite.cases}; do not edit by hand.`,
    packages: sdkVersions,
    cases: recorded,
  };
  const outPath = join(fixtures, suite.out);
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, JSON.stringify(fixture, null, 2) + "\n");
  const errors = recorded.filter((r) => r.error).length;
  console.log(`recorded ${recorded.length} cases (${recorded.length - errors} outputs, ${errors} errors) to ${outPath}`);
}

const wanted = process.argv.slice(2);
for (const name of wanted) if (!(name in SUITES)) throw new Error(`no suite ${name}: ${Object.keys(SUITES)}`);
for (const name of wanted.length ? wanted : Object.keys(SUITES)) await record(name);
