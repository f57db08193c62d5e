// SPDX-License-Identifier: GPL-3.0-or-later
// Loads a synthetic population into the FHIR test peer for bench/fhir_sync_bench.sh and
// bench/workstations_bench: N patients, each with two encounters, a condition, a medication
// request and two replies (one in ten says something urgent). Batch bundles of 500 entries with
// ids chosen here (PUT), so references hold without a round trip. Synthetic names only.
//   node fhir_population.mjs BASE_URL PATIENTS
const [base, count] = [process.argv[2].replace(/\/?$/, '/'), Number(process.argv[3] ?? 10000)];
const families = ['Rivera', 'Okafor', 'Lindqvist', 'Nakamura', 'Haddad', 'Kowalski', 'Mensah'];
const given = ['Sam', 'Alex', 'Noor', 'Kim', 'Jo', 'Ari', 'Lee'];
const replies = ['Thanks, see you Tuesday', 'Can I take it with food?', 'Feeling better today',
  'I have chest pain since this morning', 'Refill please', 'Got the reminder, thanks'];

function entries(i) {
  const p = `bp${i}`;
  const day = String(1 + (i % 28)).padStart(2, '0');
  const subject = { reference: `Patient/${p}` };
  const put = (resource) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } });
  return [
    put({ resourceType: 'Patient', id: p, name: [{ family: families[i % 7], given: [given[i % 7]] }],
      gender: i % 2 ? 'female' : 'male', birthDate: `19${50 + (i % 50)}-01-${day}`,
      telecom: [{ system: 'phone', value: `555-01${String(i % 100).padStart(2, '0')}` }] }),
    put({ resourceType: 'Encounter', id: `${p}-e1`, status: 'finished', class: { code: 'AMB' },
      subject, period: { start: `2026-10-${day}T09:00:00Z` } }),
    put({ resourceType: 'Encounter', id: `${p}-e2`, status: 'finished', class: { code: 'AMB' },
      subject, period: { start: `2026-11-${day}T09:00:00Z` } }),
    put({ resourceType: 'Condition', id: `${p}-c1`, subject, code: { text: 'Hypertension' },
      recordedDate: `2025-06-${day}` }),
    put({ resourceType: 'MedicationRequest', id: `${p}-m1`, status: 'active', intent: 'order',
      subject, medicationCodeableConcept: { text: 'Lisinopril 10 mg' }, authoredOn: `2026-09-${day}` }),
    put({ resourceType: 'Communication', id: `${p}-r1`, status: 'completed', subject,
      sender: subject, received: `2026-11-${day}T10:00:00Z`,
      payload: [{ contentString: replies[i % 10 === 3 ? 3 : i % 6 === 3 ? 0 : i % 6] }] }),
    put({ resourceType: 'Communication', id: `${p}-r2`, status: 'completed', subject,
      sender: subject, received: `2026-11-${day}T11:00:00Z`,
      payload: [{ contentString: replies[(i + 1) % 6 === 3 ? 4 : (i + 1) % 6] }] }),
  ];
}

let batch = [];
let sent = 0;
async function flush() {
  if (batch.length === 0) return;
  const res = await fetch(base, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' },
    body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: batch }) });
  if (!res.ok) throw new Error(`batch answered ${res.status}`);
  sent += batch.length;
  batch = [];
}
for (let i = 0; i < count; i++) {
  batch.push(...entries(i));
  if (batch.length >= 500) await flush();
}
await flush();
console.log(`loaded ${count} patients, ${sent} resources`);
