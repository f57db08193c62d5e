<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
<context>
    <name>CareDesk::DemoSite</name>
    <message>
        <source>DEMO SITE: synthetic patients and replies written for the demo</source>
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
        <source>&lt;small&gt;&lt;b style=&quot;background-color:#ffd54f&quot;&gt;Red flag&lt;/b&gt; &amp;nbsp; &lt;u&gt;uncertain&lt;/u&gt; &amp;nbsp; &lt;s&gt;negated or about someone else&lt;/s&gt;&lt;/small&gt;</source>
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
    <message numerus="yes">
        <source>%n open item(s): </source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 emergent, %2 urgent, %3 past their deadline.</source>
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
        <source>undated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source record: %1</source>
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
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The queue could not be refreshed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; reply, received by CareDesk %2 (sent %3).</source>
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
    <name>JourneyTimelineWidget</name>
    <message>
        <source>Encounters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispenses</source>
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
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent</source>
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
</context>
</TS>
