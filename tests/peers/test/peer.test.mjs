// SPDX-License-Identifier: GPL-3.0-or-later
// What the wrapper adds to Medplum's router, tested against a running peer: ETag, Location and
// Last-Modified headers, paging by Bundle.link next in every link style, snapshot cursors,
// long cursor tokens, SMART Backend Services tokens. Run: node --test tests/peers/test/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { createPrivateKey, sign, randomUUID } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const testdata = process.env.CAREDESK_SHARED_TESTDATA ?? join(here, '../../../../shared/testdata');
const keys = join(testdata, 'smart-backend-services');
let peer; let origin; let base; let workDir;

async function waitForFile(file) {
  for (let i = 0; i < 300 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  return readFileSync(file, 'utf8').trim();
}

before(async () => {
  workDir = mkdtempSync(join(process.env.CAREDESK_PEER_TMP ?? tmpdir(), 'fhir-peer-test-'));
  const publicJwks = JSON.parse(readFileSync(join(keys, 'RS384.public.json'), 'utf8'));
  const esJwks = JSON.parse(readFileSync(join(keys, 'ES384.public.json'), 'utf8'));
  const jwksFile = join(workDir, 'jwks.json');
  (await import('node:fs')).writeFileSync(jwksFile,
    JSON.stringify({ keys: [...publicJwks.keys, ...esJwks.keys] }));
  const portFile = join(workDir, 'port');
  peer = spawn(process.execPath, [join(here, '..', 'fhir-peer.mjs'), '--port', '0',
    '--port-file', portFile, '--jwks', jwksFile, '--client-id', 'caredesk-test'],
  { stdio: 'inherit' });
  const port = await waitForFile(portFile);
  origin = `http://127.0.0.1:${port}`;
  base = `${origin}/fhir/R4`;
  await control('config', { requireAuth: false });
});

after(() => {
  peer?.kill('SIGTERM');
  rmSync(workDir, { recursive: true, force: true });
});

async function control(what, body) {
  const res = await fetch(`${origin}/$peer/${what}`, { method: body === undefined && what === 'stats' ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json();
}

async function fhir(method, path, body, headers = {}) {
  const res = await fetch(path.startsWith('http') ? path : `${base}/${path}`, { method,
    headers: { 'Content-Type': 'application/fhir+json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

test('create answers 201 with Location and ETag of the new version', async () => {
  await control('reset');
  await control('config', { requireAuth: false });
  const created = await fhir('POST', 'Patient', { resourceType: 'Patient', gender: 'female' });
  assert.equal(created.status, 201);
  const { id, meta } = created.body;
  assert.equal(created.headers.get('etag'), `W/"${meta.versionId}"`);
  assert.equal(created.headers.get('location'), `${base}/Patient/${id}/_history/${meta.versionId}`);
  assert.ok(created.headers.get('last-modified'));
});

test('read and update carry the current version in ETag; a stale If-Match gets 412', async () => {
  const created = await fhir('POST', 'Task', { resourceType: 'Task', status: 'ready', intent: 'order' });
  const read = await fhir('GET', `Task/${created.body.id}`);
  assert.equal(read.headers.get('etag'), `W/"${created.body.meta.versionId}"`);
  const updated = await fhir('PUT', `Task/${created.body.id}`, { ...read.body, status: 'accepted' },
    { 'If-Match': read.headers.get('etag') });
  assert.equal(updated.status, 200);
  assert.notEqual(updated.headers.get('etag'), read.headers.get('etag'));
  assert.equal(updated.headers.get('etag'), `W/"${updated.body.meta.versionId}"`);
  const stale = await fhir('PUT', `Task/${created.body.id}`, { ...read.body, status: 'completed' },
    { 'If-Match': read.headers.get('etag') });
  assert.equal(stale.status, 412);
  assert.equal(stale.body.resourceType, 'OperationOutcome');
});

for (const linkStyle of ['absolute', 'relative', 'host-relative']) {
  test(`paging by next links (${linkStyle}) returns every match once`, async () => {
    await control('reset');
    await control('config', { requireAuth: false, linkStyle });
    for (let i = 0; i < 23; i++) {
      await fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: `Paging${i}` }] });
    }
    const seen = [];
    let url = 'Patient?_count=5';
    let pages = 0;
    while (url) {
      const page = await fhir('GET', url.startsWith('http') ? url
        : url.startsWith('/') ? `${origin}${url}` : `${base}/${url}`);
      assert.equal(page.status, 200);
      assert.equal(page.body.total, 23);
      for (const entry of page.body.entry ?? []) seen.push(entry.resource.id);
      const next = page.body.link?.find((l) => l.relation === 'next')?.url;
      if (next && linkStyle === 'absolute') assert.match(next, /^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4\?/);
      if (next && linkStyle === 'relative') assert.match(next, /^Patient\?_getpages=/);
      if (next && linkStyle === 'host-relative') assert.match(next, /^\/fhir\/R4\?_getpages=/);
      url = next;
      pages += 1;
    }
    assert.equal(pages, 5);
    assert.equal(seen.length, 23);
    assert.equal(new Set(seen).size, 23);
  });
}

test('a resource changed while a client pages is not skipped or shifted', async () => {
  await control('reset');
  await control('config', { requireAuth: false, linkStyle: 'absolute' });
  const ids = [];
  for (let i = 0; i < 10; i++) {
    ids.push((await fhir('POST', 'Patient', { resourceType: 'Patient' })).body.id);
  }
  const first = await fhir('GET', 'Patient?_count=4&_sort=_lastUpdated');
  const firstIds = first.body.entry.map((e) => e.resource.id);
  const moved = await fhir('GET', `Patient/${firstIds[0]}`);
  await fhir('PUT', `Patient/${firstIds[0]}`, { ...moved.body, gender: 'male' });
  const seen = [...firstIds];
  let next = first.body.link.find((l) => l.relation === 'next')?.url;
  while (next) {
    const page = await fhir('GET', next);
    seen.push(...page.body.entry.map((e) => e.resource.id));
    next = page.body.link.find((l) => l.relation === 'next')?.url;
  }
  assert.deepEqual([...seen].sort(), [...ids].sort());
});

test('a long cursor token is accepted back byte for byte', async () => {
  await control('config', { tokenPadding: 3000 });
  const first = await fhir('GET', 'Patient?_count=3');
  const next = first.body.link.find((l) => l.relation === 'next').url;
  assert.ok(next.length > 3000);
  const second = await fhir('GET', next);
  assert.equal(second.status, 200);
  assert.equal(second.body.entry.length, 3);
  await control('config', { tokenPadding: 0 });
});

test('an unknown cursor is 410 with an OperationOutcome', async () => {
  const gone = await fhir('GET', `${base}?_getpages=nope&_pageoffset=5&_count=5`);
  assert.equal(gone.status, 410);
  assert.equal(gone.body.resourceType, 'OperationOutcome');
});

function b64(json) {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

function assertion(alg, overrides = {}) {
  const jwk = JSON.parse(readFileSync(join(keys, `${alg}.private.json`), 'utf8')).keys
    .find((k) => k.alg === alg && k.d);
  const header = { alg, kid: jwk.kid, typ: 'JWT' };
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: 'caredesk-test', sub: 'caredesk-test', aud: `${origin}/auth/token`,
    exp: now + 240, jti: randomUUID(), ...overrides };
  const input = `${b64(header)}.${b64(claims)}`;
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  const signature = alg === 'RS384' ? sign('sha384', Buffer.from(input), key)
    : sign('sha384', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

async function token(jwt) {
  const res = await fetch(`${origin}/auth/token`, { method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/*.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: jwt }) });
  return { status: res.status, body: await res.json() };
}

test('SMART backend services: signed assertions get a token, FHIR needs it', async () => {
  await control('config', { requireAuth: true });
  const smart = await fetch(`${base}/.well-known/smart-configuration`).then((r) => r.json());
  assert.equal(smart.token_endpoint, `${origin}/auth/token`);
  assert.equal((await fhir('GET', 'Patient')).status, 401);
  for (const alg of ['RS384', 'ES384']) {
    const granted = await token(assertion(alg));
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    const read = await fhir('GET', 'Patient?_count=1',
      undefined, { Authorization: `Bearer ${granted.body.access_token}` });
    assert.equal(read.status, 200);
  }
  const reused = assertion('RS384', { jti: 'same' });
  assert.equal((await token(reused)).status, 200);
  assert.equal((await token(reused)).status, 400, 'a jti is accepted once');
  assert.equal((await token(assertion('RS384', { aud: 'https://elsewhere/token' }))).status, 400);
  assert.equal((await token(assertion('ES384', { iss: 'someone-else', sub: 'someone-else' }))).status, 400);
  const tampered = assertion('RS384').replace(/\.[^.]+\./, `.${b64({ iss: 'caredesk-test' })}.`);
  assert.equal((await token(tampered)).status, 400);
  await control('config', { requireAuth: false });
});

test('offline mode drops FHIR connections without an answer; control stays up', async () => {
  await control('config', { offline: true });
  await assert.rejects(fetch(`${base}/Patient`));
  await control('config', { offline: false });
  assert.equal((await fhir('GET', 'Patient?_count=1')).status, 200);
});

test('concurrent conditional creates make one resource', async () => {
  await control('reset');
  await control('config', { requireAuth: false });
  const task = { resourceType: 'Task', status: 'ready', intent: 'order',
    identifier: [{ system: 'urn:caredesk:triage-reply', value: 'Communication/race' }] };
  const answers = await Promise.all(Array.from({ length: 8 }, () => fhir('POST', 'Task', task,
    { 'If-None-Exist': 'identifier=urn%3Acaredesk%3Atriage-reply%7CCommunication%2Frace' })));
  assert.equal(answers.filter((a) => a.status === 201).length, 1);
  assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
  assert.equal((await fhir('GET', 'Task')).body.total, 1);
});

test('single-page searches keep no snapshot; old snapshots are dropped', async () => {
  await control('reset');
  await control('config', { requireAuth: false, maxSnapshots: 3 });
  for (let i = 0; i < 4; i++) await fhir('POST', 'Patient', { resourceType: 'Patient' });
  for (let i = 0; i < 5; i++) await fhir('GET', 'Patient?_count=10');
  assert.equal((await control('stats')).snapshots, 0);
  for (let i = 0; i < 6; i++) await fhir('GET', 'Patient?_count=1');
  assert.ok((await control('stats')).snapshots <= 3);
  await control('config', { maxSnapshots: 500 });
});
