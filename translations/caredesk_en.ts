<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
<context>
    <name>CareDesk::AlertBanner</name>
    <message>
        <source>Show Item (F8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::AlertPresenter</name>
    <message>
        <source>▲ EMERGENT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◆ Urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 item %2: not acknowledged in time, escalated to %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 item %2: a new reply raised it; acknowledge it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 item %2: a new reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 item %2 is waiting to be acknowledged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 item %2 is waiting to be acknowledged (escalated to %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) came in while alerts were held (batched or quiet hours).</source>
        <translation>
            <numerusform>%n item came in while alerts were held (batched or quiet hours).</numerusform>
            <numerusform>%n items came in while alerts were held (batched or quiet hours).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 item %2: new in the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CareDesk: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::AssignDialog</name>
    <message>
        <source>Assign Triage Item %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name, e.g. nurse.ana</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign &amp;to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now claimed by %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::AuditTrailView</name>
    <message>
        <source>CareDesk Audit Trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>master ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who Saw This Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify Trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export FHIR NDJSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trail has not been verified in this window yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient Access Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close Review…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break-Glass Reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close Break-Glass Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What did you find? (at least %1 characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Trail intact: %n entries, chain and signed checkpoint agree.</source>
        <translation>
            <numerusform>Trail intact: %n entry, chain and signed checkpoint agree.</numerusform>
            <numerusform>Trail intact: %n entries, chain and signed checkpoint agree.</numerusform>
        </translation>
    </message>
    <message>
        <source>TRAIL BROKEN: %1 Tell the privacy officer; do not change anything.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the patient&apos;s master ID in the Patient filter first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break-Glass Reviews (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Audit Trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NDJSON (*.ndjson)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::ConsentHistoryModel</name>
    <message>
        <source>Granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restricted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restriction lifted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Took effect %1; recorded %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automation</source>
        <extracomment>Who recorded a consent event read from a patient&apos;s reply</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ends %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captured by</source>
        <extracomment>Column header: the person who recorded a consent</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient&apos;s words, note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::ConsentMenu</name>
    <message>
        <source>&amp;Consent and Messages…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected patient&apos;s consent, messages and the send-time gate (Ctrl+Shift+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an item in the queue to see its patient&apos;s consent.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::ConsentPanel</name>
    <message>
        <source>Appointment reminder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refill reminder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Education</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outreach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinical callback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opt-out confirmation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opt-in confirmation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HELP answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent by me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent and Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the consent ledger…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current consent per channel and purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent now, per channel and purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent ledger history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledger history (nothing is ever edited or removed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages to this patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded as ledger event %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as message %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check a message before it goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I confirm: a clinical callback about this emergent item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A clinical callback about an open emergent item is the only message that may go outside quiet hours, caps and a channel opt-out. A restriction still stops it. The bypass is audited with your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message, as the patient will read it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a channel and purpose, then Check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasons for the gate&apos;s decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergent item:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record consent captured by phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paper form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient portal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What a restriction covers, in the patient&apos;s terms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captured by:</source>
        <extracomment>Form label: the person who took the patient&apos;s consent</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the gate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A message from your care team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending through the gate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; master ID %2 &amp;middot; time zone %3 &amp;middot; language %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name on file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown (the site&apos;s is used)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed now, as a clinical callback (audited).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed: it may go now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deferred until %1, the patient&apos;s time (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied: it may not go.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>denies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>defers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The zone set here was dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::ConsentStateModel</name>
    <message>
        <source>Text (SMS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Research</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none on file</source>
        <extracomment>A consent state: nothing recorded on the ledger</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restricted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 since %2 (ledger event %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restricted by the patient (HIPAA 164.522): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A grant for every purpose does not authorize %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::DemoSite</name>
    <message>
        <source>DEMO SITE: synthetic patients and replies written for the demo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::FhirSettingsDialog</name>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as registered with the server; empty: no sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWK file with the RS384 or ES384 private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only when the site uses its own certificate authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Triage nurse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care coordinator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Client id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Key file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private Key (JWK)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site &amp;CA:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA Certificate (PEM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Poll every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache for &amp;role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CareDesk connects with TLS 1.2 or newer and checks the server&apos;s certificate. Only the fields your role needs are kept in the encrypted cache.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the FHIR server&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address must start with https:// and name a server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient data goes over TLS only: use an https:// address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A client id needs its key file, and a key file its client id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::Hl7DeadLetterModel</name>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replayed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>A message&apos;s type and its control ID, e.g. &quot;ADT^A01 MSG0009&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no MSH)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (connection gone)</source>
        <extracomment>What the sender was told: AE, AR, or none when the connection was gone</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (replayed %n time(s), still failing)</source>
        <translation>
            <numerusform>%1 (replayed %n time, still failing)</numerusform>
            <numerusform>%1 (replayed %n times, still failing)</numerusform>
        </translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was not applied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::Hl7DeadLetterView</name>
    <message>
        <source>Show &amp;replayed and discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HL7 Dead Letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply the message again, with today&apos;s settings, once what stopped it is fixed (recorded in the audit trail)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the dead letter without applying the message (recorded in the audit trail)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason and message as received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead letter %1 replayed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead letter %1 still cannot be applied: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead letter %1 discarded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaying dead letter %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard Dead Letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard dead letter %1? Its message will not be applied; the sender is not told.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dead letters: every HL7 message received was applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n HL7 message(s) could not be applied. Fix the cause (a setting, a conflict between records), then replay; discard one that should never be applied.</source>
        <translation>
            <numerusform>%n HL7 message could not be applied. Fix the cause (a setting, a conflict between records), then replay it, or discard it if it should never be applied.</numerusform>
            <numerusform>%n HL7 messages could not be applied. Fix the cause (a setting, a conflict between records), then replay; discard one that should never be applied.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;p&gt;Received %1 from %2 over %3; the sender was answered %4 (HL7 error code %5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> Replayed %n time(s); the last attempt said: %1</source>
        <translation>
            <numerusform> Replayed %n time; the last attempt said: %1</numerusform>
            <numerusform> Replayed %n times; the last attempt said: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;p&gt;Only the first %1 of its %2 bytes were kept, so it cannot be replayed; ask the sender to send it again.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::Hl7FeedController</name>
    <message>
        <source>The message was stored already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message was applied.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::Hl7FeedMenu</name>
    <message>
        <source>HL7 &amp;Dead Letters…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HL7 messages the interface could not apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H&amp;L7</source>
        <extracomment>Menu of the HL7 v2 interface (admissions, discharges, transfers from the hospital)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HL7 &amp;Dead Letters (%1)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>HL7 feed on port %1%2: %n connection(s)</source>
        <translation>
            <numerusform>HL7 feed on port %1%2: %n connection</numerusform>
            <numerusform>HL7 feed on port %1%2: %n connections</numerusform>
        </translation>
    </message>
    <message>
        <source> (TLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>, %n message(s) taken</source>
        <translation>
            <numerusform>, %n message taken</numerusform>
            <numerusform>, %n messages taken</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n dead letter(s)</source>
        <translation>
            <numerusform>, %n dead letter</numerusform>
            <numerusform>, %n dead letters</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyController</name>
    <message>
        <source>Needs the %1 permission, which your role (%2) does not have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved the patient to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 marked done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Introduction proposed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refusal recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Introduction made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n mentor(s) in the registry updated.</source>
        <translation>
            <numerusform>%n mentor in the registry updated.</numerusform>
            <numerusform>%n mentors in the registry updated.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyDefinition</name>
    <message>
        <source>A stage has no id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage &quot;%1&quot; is defined twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage &quot;%1&quot; has step &quot;%2&quot; twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step &quot;%1&quot; of stage &quot;%2&quot; says nothing about what completes it (&quot;doneBy&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step &quot;%1&quot; waits for an unknown event &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The journey has no stages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The initial stage &quot;%1&quot; is not one of the stages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transition %1 leaves from unknown stage &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transition %1 goes to unknown stage &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transition %1 waits for an unknown event &quot;%2&quot;; the events are %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time zone &quot;%1&quot; is not an IANA time zone this system knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adherence windows are 7 to 720 days; got %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage &quot;%1&quot; cannot be reached from the initial stage &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No stage is terminal, so no journey can ever close.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage &quot;%1&quot; is a dead end: no transition leaves it and it is not terminal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage &quot;%1&quot; is a dead end: no terminal stage can be reached from it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyEditorDialog</name>
    <message>
        <source>Edit Program Journey — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Program title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New version:</source>
        <extracomment>The new version of the journey definition; it must be higher than the one in use.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From Nth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From: stage ids separated by commas, * for any open stage. Event: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Transition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Transition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stages, in the order a patient goes through them:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transitions: the first that matches an event moves the patient:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stages and Transitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All Settings (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems that stop this definition from being saved:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n step(s), edit as JSON</source>
        <translation>
            <numerusform>%n step, edit as JSON</numerusform>
            <numerusform>%n steps, edit as JSON</numerusform>
        </translation>
    </message>
    <message>
        <source>The program id cannot change here (it is &quot;%1&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The version must be higher than %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: this definition can be saved as version %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new-stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New stage</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyPanel</name>
    <message>
        <source>undated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark &amp;Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit &amp;Program…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole journey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the patient to stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step to mark done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Journey definition version %1 saved; journeys now follow it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an item to see the patient&apos;s journey.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the journey…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Journeys are not available on this workstation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not on the %1 journey yet: no tasks, payer checks, dispenses or appointments on file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; for %n day(s), since %2</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; for %n day, since %2</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; for %n days, since %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;stalled&lt;/b&gt; (expected %n day(s))</source>
        <translation>
            <numerusform> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;stalled&lt;/b&gt; (expected %n day)</numerusform>
            <numerusform> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;stalled&lt;/b&gt; (expected %n days)</numerusform>
        </translation>
    </message>
    <message>
        <source> &amp;nbsp; &lt;small&gt;(%1, version %2)&lt;/small&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Benefits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prior auth. #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#a51010&quot;&gt;no decision, due %1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (due %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adherence (%1): PDC %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;refill overdue, %n day(s) without supply&lt;/b&gt;</source>
        <translation>
            <numerusform> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;refill overdue, %n day without supply&lt;/b&gt;</numerusform>
            <numerusform> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;refill overdue, %n days without supply&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source> (item %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (not in the queue yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Exceptions:&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (overdue)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyTimeline</name>
    <message>
        <source>Supply of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) without %1</source>
        <translation>
            <numerusform>%n day without %1</numerusform>
            <numerusform>%n days without %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In hospital (%n day(s))</source>
        <translation>
            <numerusform>In hospital (%n day)</numerusform>
            <numerusform>In hospital (%n days)</numerusform>
        </translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prior authorization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: decision overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>benefits check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prior authorization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dispense</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>appointment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mentor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encounter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>admission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discharge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pre-admission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>admission cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transfer cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discharge cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hospital event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entered in error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>booked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>did not attend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>proposed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pended by the payer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eligible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not eligible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>partly approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no decision in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>introduced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyTimelineWidget</name>
    <message>
        <source>Hospital (ADT)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Journey timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No journey events for this patient yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n undated</source>
        <translation>
            <numerusform>%n undated</numerusform>
            <numerusform>%n undated</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
%2 · %3
%4/%5 (double-click to open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, due %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — OVERDUE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 from %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — stalled since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Benefits, PA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispenses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mentors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encounters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::MainWindow</name>
    <message>
        <source>CareDesk — Triage Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CareDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item %1: %2 saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim the selected item (Ctrl+M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release the selected item (Ctrl+Shift+M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resolve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve the selected item (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import Files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Triage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Triage queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Journey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> &lt;b&gt;Needs review:&lt;/b&gt; the classifier was not sure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name on file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; master ID %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Born %1 &amp;middot; %2 &amp;middot; phone %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gender unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Opted out of text messages.&lt;/b&gt; Do not text this patient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item %1: %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claimed by </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an item in the queue to read the reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR and HL7 v2 files (*.json *.ndjson *.hl7 *.er7 *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Importing %n file(s)…</source>
        <translation>
            <numerusform>Importing %n file…</numerusform>
            <numerusform>Importing %n files…</numerusform>
        </translation>
    </message>
    <message>
        <source>The queue could not be refreshed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> &lt;b&gt;Needs review:&lt;/b&gt; %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classified with lexicon %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CareDesk — Triage Queue (demo site)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open item is waiting in this view.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim &amp;Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim the most urgent open item the filters show, and select it (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Assign…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the selected item to someone (Ctrl+Shift+A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;small&gt;&lt;b style=&quot;background-color:#ffd54f&quot;&gt;Red flag&lt;/b&gt; &amp;nbsp; &lt;u&gt;uncertain&lt;/u&gt; &amp;nbsp; &lt;s&gt;negated or about someone else&lt;/s&gt; &amp;nbsp; &lt;u style=&quot;background-color:#ead7f5&quot;&gt;tied to the therapy (possible adverse event)&lt;/u&gt;&lt;/small&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Journey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;entors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item %1 left the queue (resolved, or hidden by a filter).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; item, first reply received by CareDesk %2 (sent %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply %1 of %2, received %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — raised the item to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; journey exception, raised by CareDesk %2 (arose %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raised by the rules of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Master ID %1&lt;/b&gt;&lt;br/&gt;&lt;i&gt;[Masked: %2]&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Not acknowledged in time:&lt;/b&gt; escalated to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;A new reply raised this item:&lt;/b&gt; acknowledge it (Ctrl+M).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Acknowledged %n minute(s) after it arrived.</source>
        <translation>
            <numerusform>Acknowledged %n minute after it arrived.</numerusform>
            <numerusform>Acknowledged %n minutes after it arrived.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Possible adverse event:&lt;/b&gt; report due %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;cknowledge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::MentorMatcher</name>
    <message>
        <source>Same therapy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Different therapy (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same condition: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Different condition (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Has been through %1 (reached %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reached only %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage reached not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient&apos;s language not recorded (mentor speaks %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No language in common (mentor speaks %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speaks the patient&apos;s language (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age band not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same age band (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next age band (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age band %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h a week inside the patient&apos;s daytime (%2:00-%3:00 %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No time inside the patient&apos;s daytime this week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An introduction to this mentor is in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declined on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not an active mentor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdrew consent to mentor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Has not agreed to mentor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At capacity (%1 of %2 introductions in progress)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::MentorPanel</name>
    <message>
        <source>agreed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not asked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Propose Introduction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient &amp;Agrees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mentor A&amp;grees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;clined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Introduce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record &amp;Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proposed mentors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mentor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mentor consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Introductions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an item to see mentors for the patient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ranking mentors…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n mentor(s) can be proposed, ranked by therapy, condition, stage reached, language, age band and availability.</source>
        <translation>
            <numerusform>%n mentor can be proposed, ranked by therapy, condition, stage reached, language, age band and availability.</numerusform>
            <numerusform>%n mentors can be proposed, ranked by therapy, condition, stage reached, language, age band and availability.</numerusform>
        </translation>
    </message>
    <message>
        <source> Patient: %1, language %2, age band %3, time zone %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no journey yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 of 100 points%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, rank %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> &amp;mdash; not proposed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2 &amp;nbsp; %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::MentorProposalModel</name>
    <message>
        <source>%1 (+%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <extracomment>Mentor capacity column: introductions in progress of the mentor&apos;s capacity.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not proposed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mentor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::OutboxModel</name>
    <message>
        <source>Claim of item %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release of item %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution of item %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed, will retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <extracomment>Column of the outbox table: the command&apos;s number</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::OutboxView</name>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbox and Dead Letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the command again from its first attempt (recorded in the audit trail)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop the command; it will not be sent (recorded in the audit trail)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts: someone else&apos;s change won</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything was sent: the outbox is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 waiting or being sent, %2 failed (they retry by themselves), %3 dead letters (they need a person: retry or discard).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No error: the command is waiting for its turn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> &lt;i&gt;at %1&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The server&apos;s answer was not FHIR; it began:&lt;/p&gt;&lt;pre&gt;%1&lt;/pre&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;HTTP status %1.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The server asked to wait longer than CareDesk waits at most; the next attempt is at the limit.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::PatientZoneBox</name>
    <message>
        <source>Patient&apos;s time zone (quiet hours, reminders)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient&apos;s IANA time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a place, e.g. Chicago or Auckland</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &amp;zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use FHIR/site zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop the zone set here: the FHIR record&apos;s zone, or else the site&apos;s, is used again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2), set here by %3 on %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The FHIR record names none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The FHIR record says %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2), from the FHIR record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Not known&lt;/b&gt;: the site&apos;s zone is used, and the gate&apos;s reasons say so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IANA time zone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::QueuePanel</name>
    <message>
        <source>Overd&amp;ue only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items per tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Program:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>O&amp;wner:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Triage queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All programs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no program)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;▲ Emergent %1&lt;/b&gt; &amp;nbsp; ◆ Urgent %2 &amp;nbsp; ● Routine %3 &amp;nbsp;&amp;middot;&amp;nbsp; %4 overdue &amp;nbsp;&amp;middot;&amp;nbsp; %5 unassigned &amp;nbsp;&amp;middot;&amp;nbsp; %6 possible adverse event(s)</source>
        <extracomment>Counts above the queue; the shapes repeat the tier labels of the table.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> &amp;nbsp;&amp;mdash; &lt;i&gt;showing %1 of %2 (filtered)&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::ResolveDialog</name>
    <message>
        <source>Resolve Triage Item %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was done, and what the patient was told.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disposition:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The note is kept with the item; the audit trail records who resolved it and when.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Possible adverse event.&lt;/b&gt; The pharmacovigilance report is due %1, 15 days after CareDesk first received it. Choose &quot;%2&quot; once it is reported, or say in the note why it is not one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::SecurityBar</name>
    <message>
        <source>Signed in as &lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break Glass…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access beyond your role to this patient, with a reason; supervisors are told and review it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit Trail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock the screen (Ctrl+L); your work stays as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n break-glass access(es) wait for your review.</source>
        <translation>
            <numerusform>%n break-glass access waits for your review.</numerusform>
            <numerusform>%n break-glass accesses wait for your review.</numerusform>
        </translation>
    </message>
    <message>
        <source>Break the Glass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Access beyond your role&lt;/b&gt; to patient %1. Say why: a supervisor is told now and reviews it. Every record you open is on the audit trail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BREAK-GLASS ACCESS to patient %1 until %2. Reason: %3. Supervisors have been notified and will review it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::SignInDialog</name>
    <message>
        <source>CareDesk Sign In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Sign in to CareDesk&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6 digits from your app, or a recovery code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign In as Someone Else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Sign in to CareDesk&lt;/h2&gt;&lt;p&gt;The locked session stays as it was, hidden, until its user unlocks it.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Set up your second factor&lt;/h2&gt;&lt;p&gt;Scan this code with an authenticator app, then type the six digits it shows.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code from the app:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Your recovery codes&lt;/h2&gt;&lt;p&gt;Each one signs you in once instead of a code, if you lose your phone. Write them down and keep them safe: they are not shown again.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I Have Kept Them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to CareDesk&lt;/h2&gt;&lt;p&gt;This workstation has no users yet. Create the administrator: the account that adds the other users. Next you set up its second factor with an authenticator app.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for example admin.lee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CareDesk First Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ; type the same password twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;DEMO SITE: these make-believe accounts exist only here, for trying CareDesk. Never on a real site.&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;small&gt;Codes change every 30 seconds.&lt;/small&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CareDesk Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;CareDesk is locked&lt;/h2&gt;&lt;p&gt;%1&apos;s session is hidden. Enter the password to unlock it.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::SourceRecordDialog</name>
    <message>
        <source>Source Record %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br/&gt;%2 · %3 · status %4 · from %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>undated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::SyncMenu</name>
    <message>
        <source>Sync &amp;Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Outbox and Dead Letters…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR &amp;Server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your Change Was Not Applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Outbox and Dead Letters window keeps both versions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR Sync Not Started</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareDesk::SyncStatusLabel</name>
    <message>
        <source>Not connected to a FHIR server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#b00020&quot;&gt;Offline&lt;/b&gt;: actions are queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#1b5e20&quot;&gt;Online&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Syncing…&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no complete sync yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>last good sync %n s ago</source>
        <translation>
            <numerusform>last good sync %n s ago</numerusform>
            <numerusform>last good sync %n s ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last good sync %n min ago</source>
        <translation>
            <numerusform>last good sync %n min ago</numerusform>
            <numerusform>last good sync %n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last good sync %n h ago</source>
        <translation>
            <numerusform>last good sync %n h ago</numerusform>
            <numerusform>last good sync %n h ago</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;last sync incomplete&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outbox: %1 waiting, %2 failed, %3 dead</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;this computer&apos;s clock is %n s off the server&apos;s&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;this computer&apos;s clock is %n s off the server&apos;s&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;this computer&apos;s clock is %n s off the server&apos;s&lt;/b&gt;</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CareDesk::TriageQueueModel</name>
    <message>
        <source>▲ Emergent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◆ Urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Routine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <extracomment>Deadline column: time left to acknowledge, or how long ago the deadline passed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OVERDUE %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>review: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Master ID %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent by the patient: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge within</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claimed, raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Journey: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[masked] %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Possible adverse event: the report is due %1 (15 days after CareDesk first received it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Program: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention</source>
        <extracomment>Queue column: adverse-event clock, raised tier, escalation, number of replies.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>AE report in %n d</source>
        <translation>
            <numerusform>AE report in %n d</numerusform>
            <numerusform>AE report in %n d</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>AE report %n d late</source>
        <translation>
            <numerusform>AE report %n d late</numerusform>
            <numerusform>AE report %n d late</numerusform>
        </translation>
    </message>
    <message>
        <source>escalated to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n replies</source>
        <translation>
            <numerusform>%n reply</numerusform>
            <numerusform>%n replies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Disposition</name>
    <message>
        <source>Directed to emergency services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Called the patient, advice given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated to the prescriber</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit or callback scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reported as a possible adverse event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewed, no action needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach the patient</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>CareDesk triage workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache folder (default: app data).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not load the embedded demo site.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a picture of the main window to FILE once the queue and the top item are shown, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CareDesk Cannot Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the cache key from FILE (owner-only) instead of the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in from an owner-only FILE (user=, password=, totp-secret=) instead of the sign-in screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CareDesk Cache Damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache file checked: every page is intact.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cache has no users yet. Create the administrator in CareDesk&apos;s first-run form, or with &quot;caredesk-cli --data-dir %1 init --admin NAME --password-file FILE&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up the second factor first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The HL7 feed did not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS webhook secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taking text messages from the SMS gateway on port %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SMS webhook is not running: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
