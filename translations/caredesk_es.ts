<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES" sourcelanguage="en_US">
<context>
    <name>CareDesk::AlertBanner</name>
    <message>
        <source>Show Item (F8)</source>
        <translation>Mostrar elemento (F8)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
</context>
<context>
    <name>CareDesk::AlertPresenter</name>
    <message>
        <source>▲ EMERGENT</source>
        <translation>▲ EMERGENTE</translation>
    </message>
    <message>
        <source>◆ Urgent</source>
        <translation>◆ Urgente</translation>
    </message>
    <message>
        <source>● Review</source>
        <translation>● Revisión</translation>
    </message>
    <message>
        <source>%1 item %2: not acknowledged in time, escalated to %3.</source>
        <translation>%1, elemento %2: no se confirmó a tiempo; escalado a %3.</translation>
    </message>
    <message>
        <source>%1 item %2: a new reply raised it; acknowledge it again.</source>
        <translation>%1, elemento %2: una nueva respuesta lo ha elevado; confírmelo de nuevo.</translation>
    </message>
    <message>
        <source>%1 item %2: a new reply.</source>
        <translation>%1, elemento %2: una nueva respuesta.</translation>
    </message>
    <message>
        <source>%1 item %2 is waiting to be acknowledged.</source>
        <translation>%1, elemento %2: pendiente de confirmar.</translation>
    </message>
    <message>
        <source>%1 item %2 is waiting to be acknowledged (escalated to %3).</source>
        <translation>%1, elemento %2: pendiente de confirmar (escalado a %3).</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) came in while alerts were held (batched or quiet hours).</source>
        <translation>
            <numerusform>Llegó %n elemento mientras las alertas estaban retenidas (agrupadas o en horario de silencio).</numerusform>
            <numerusform>Llegaron %n elementos mientras las alertas estaban retenidas (agrupadas o en horario de silencio).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 item %2: new in the queue.</source>
        <translation>%1, elemento %2: nuevo en la cola.</translation>
    </message>
    <message>
        <source>CareDesk: %1</source>
        <translation>CareDesk: %1</translation>
    </message>
</context>
<context>
    <name>CareDesk::AssignDialog</name>
    <message>
        <source>Assign Triage Item %1</source>
        <translation>Asignar el elemento de triaje %1</translation>
    </message>
    <message>
        <source>User name, e.g. nurse.ana</source>
        <translation>Nombre de usuario, p. ej. nurse.ana</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>&amp;Asignar</translation>
    </message>
    <message>
        <source>Assign &amp;to:</source>
        <translation>Asignar &amp;a:</translation>
    </message>
    <message>
        <source>Now claimed by %1.</source>
        <translation>Ahora asignado a %1.</translation>
    </message>
</context>
<context>
    <name>CareDesk::AuditTrailView</name>
    <message>
        <source>CareDesk Audit Trail</source>
        <translation>Registro de auditoría de CareDesk</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objeto</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>Veces</translation>
    </message>
    <message>
        <source>First</source>
        <translation>Primera</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Última</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>master ID</source>
        <translation>ID maestro</translation>
    </message>
    <message>
        <source>Patient:</source>
        <translation>Paciente:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Usuario:</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>Resultado:</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Acción:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>hasta</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Desde:</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Who Saw This Patient</source>
        <translation>Quién ha visto a este paciente</translation>
    </message>
    <message>
        <source>Verify Trail</source>
        <translation>Verificar registro</translation>
    </message>
    <message>
        <source>Export FHIR NDJSON…</source>
        <translation>Exportar FHIR NDJSON…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>The trail has not been verified in this window yet.</source>
        <translation>El registro aún no se ha verificado en esta ventana.</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Entradas</translation>
    </message>
    <message>
        <source>Patient Access Report</source>
        <translation>Informe de accesos al paciente</translation>
    </message>
    <message>
        <source>Close Review…</source>
        <translation>Cerrar revisión…</translation>
    </message>
    <message>
        <source>Break-Glass Reviews</source>
        <translation>Revisiones de acceso de emergencia</translation>
    </message>
    <message>
        <source>Close Break-Glass Review</source>
        <translation>Cerrar la revisión del acceso de emergencia</translation>
    </message>
    <message>
        <source>What did you find? (at least %1 characters)</source>
        <translation>¿Qué ha encontrado? (al menos %1 caracteres)</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Verificando…</translation>
    </message>
    <message numerus="yes">
        <source>Trail intact: %n entries, chain and signed checkpoint agree.</source>
        <translation>
            <numerusform>Registro íntegro: %n entrada; la cadena y el punto de control firmado coinciden.</numerusform>
            <numerusform>Registro íntegro: %n entradas; la cadena y el punto de control firmado coinciden.</numerusform>
        </translation>
    </message>
    <message>
        <source>TRAIL BROKEN: %1 Tell the privacy officer; do not change anything.</source>
        <translation>REGISTRO ROTO: %1 Avise al responsable de privacidad; no cambie nada.</translation>
    </message>
    <message>
        <source>Type the patient&apos;s master ID in the Patient filter first.</source>
        <translation>Escriba primero el ID maestro del paciente en el filtro Paciente.</translation>
    </message>
    <message>
        <source>Break-Glass Reviews (%1)</source>
        <translation>Revisiones de acceso de emergencia (%1)</translation>
    </message>
    <message>
        <source>Export Audit Trail</source>
        <translation>Exportar el registro de auditoría</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>NDJSON (*.ndjson)</source>
        <translation>NDJSON (*.ndjson)</translation>
    </message>
</context>
<context>
    <name>CareDesk::ConsentHistoryModel</name>
    <message>
        <source>Granted</source>
        <translation>Otorgado</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Revocado</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Caducado</translation>
    </message>
    <message>
        <source>Restricted</source>
        <translation>Restringido</translation>
    </message>
    <message>
        <source>Restriction lifted</source>
        <translation>Restricción levantada</translation>
    </message>
    <message>
        <source>Took effect %1; recorded %2</source>
        <translation>En vigor desde %1; registrado %2</translation>
    </message>
    <message>
        <source>every channel</source>
        <translation>todos los canales</translation>
    </message>
    <message>
        <source>every purpose</source>
        <translation>todas las finalidades</translation>
    </message>
    <message>
        <source>automation</source>
        <extracomment>Who recorded a consent event read from a patient&apos;s reply</extracomment>
        <translation>automatización</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>«%1»</translation>
    </message>
    <message>
        <source>ends %1</source>
        <translation>termina %1</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Finalidad</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Captured by</source>
        <extracomment>Column header: the person who recorded a consent</extracomment>
        <translation>Registrado por</translation>
    </message>
    <message>
        <source>Patient&apos;s words, note</source>
        <translation>Palabras del paciente, nota</translation>
    </message>
</context>
<context>
    <name>CareDesk::ConsentMenu</name>
    <message>
        <source>&amp;Consent and Messages…</source>
        <translation>&amp;Consentimiento y mensajes…</translation>
    </message>
    <message>
        <source>The selected patient&apos;s consent, messages and the send-time gate (Ctrl+Shift+K)</source>
        <translation>Consentimiento y mensajes del paciente seleccionado, y el control previo al envío (Ctrl+Mayús+K)</translation>
    </message>
    <message>
        <source>&amp;Patient</source>
        <translation>&amp;Paciente</translation>
    </message>
    <message>
        <source>Select an item in the queue to see its patient&apos;s consent.</source>
        <translation>Seleccione un elemento de la cola para ver el consentimiento de su paciente.</translation>
    </message>
</context>
<context>
    <name>CareDesk::ConsentPanel</name>
    <message>
        <source>Appointment reminder</source>
        <translation>Recordatorio de cita</translation>
    </message>
    <message>
        <source>Refill reminder</source>
        <translation>Recordatorio de reposición</translation>
    </message>
    <message>
        <source>Education</source>
        <translation>Educación sanitaria</translation>
    </message>
    <message>
        <source>Outreach</source>
        <translation>Captación</translation>
    </message>
    <message>
        <source>Clinical callback</source>
        <translation>Devolución de llamada clínica</translation>
    </message>
    <message>
        <source>Opt-out confirmation</source>
        <translation>Confirmación de baja</translation>
    </message>
    <message>
        <source>Opt-in confirmation</source>
        <translation>Confirmación de alta</translation>
    </message>
    <message>
        <source>HELP answer</source>
        <translation>Respuesta a AYUDA</translation>
    </message>
    <message>
        <source>Automated</source>
        <translation>Automático</translation>
    </message>
    <message>
        <source>Sent by me</source>
        <translation>Enviado por mí</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintento</translation>
    </message>
    <message>
        <source>Every channel</source>
        <translation>Todos los canales</translation>
    </message>
    <message>
        <source>Every purpose</source>
        <translation>Todas las finalidades</translation>
    </message>
    <message>
        <source>Consent and Messages</source>
        <translation>Consentimiento y mensajes</translation>
    </message>
    <message>
        <source>Loading the consent ledger…</source>
        <translation>Cargando el registro de consentimientos…</translation>
    </message>
    <message>
        <source>Current consent per channel and purpose</source>
        <translation>Consentimiento actual por canal y finalidad</translation>
    </message>
    <message>
        <source>Consent now, per channel and purpose</source>
        <translation>Consentimiento vigente, por canal y finalidad</translation>
    </message>
    <message>
        <source>Consent ledger history</source>
        <translation>Historial del registro de consentimientos</translation>
    </message>
    <message>
        <source>Ledger history (nothing is ever edited or removed)</source>
        <translation>Historial del registro (nada se modifica ni se elimina nunca)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Messages to this patient</source>
        <translation>Mensajes a este paciente</translation>
    </message>
    <message>
        <source>Recorded as ledger event %1.</source>
        <translation>Registrado como evento %1 del registro.</translation>
    </message>
    <message>
        <source>Saved as message %1 (%2).</source>
        <translation>Guardado como mensaje %1 (%2).</translation>
    </message>
    <message>
        <source>Check a message before it goes</source>
        <translation>Comprobar un mensaje antes de enviarlo</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>I confirm: a clinical callback about this emergent item</source>
        <translation>Confirmo: una devolución de llamada clínica sobre este elemento emergente</translation>
    </message>
    <message>
        <source>A clinical callback about an open emergent item is the only message that may go outside quiet hours, caps and a channel opt-out. A restriction still stops it. The bypass is audited with your name.</source>
        <translation>Una devolución de llamada clínica sobre un elemento emergente abierto es el único mensaje que puede salir fuera del horario permitido, por encima de los límites y pese a la baja de un canal. Una restricción sí lo detiene. La excepción queda auditada con su nombre.</translation>
    </message>
    <message>
        <source>The message, as the patient will read it</source>
        <translation>El mensaje, tal como lo leerá el paciente</translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation>&amp;Comprobar</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Enviar</translation>
    </message>
    <message>
        <source>Choose a channel and purpose, then Check.</source>
        <translation>Elija un canal y una finalidad y pulse Comprobar.</translation>
    </message>
    <message>
        <source>Reasons for the gate&apos;s decision</source>
        <translation>Motivos de la decisión del control</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Canal:</translation>
    </message>
    <message>
        <source>Purpose:</source>
        <translation>Finalidad:</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>Mensaje:</translation>
    </message>
    <message>
        <source>Sent as:</source>
        <translation>Enviado como:</translation>
    </message>
    <message>
        <source>Emergent item:</source>
        <translation>Elemento emergente:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Texto:</translation>
    </message>
    <message>
        <source>Record consent captured by phone</source>
        <translation>Registrar un consentimiento obtenido por teléfono</translation>
    </message>
    <message>
        <source>Phone call</source>
        <translation>Llamada telefónica</translation>
    </message>
    <message>
        <source>Paper form</source>
        <translation>Formulario en papel</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>En persona</translation>
    </message>
    <message>
        <source>Patient portal</source>
        <translation>Portal del paciente</translation>
    </message>
    <message>
        <source>Ends on</source>
        <translation>Termina el</translation>
    </message>
    <message>
        <source>What a restriction covers, in the patient&apos;s terms</source>
        <translation>Qué abarca la restricción, en palabras del paciente</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>&amp;Registrar</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>Evento:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Origen:</translation>
    </message>
    <message>
        <source>Captured by:</source>
        <extracomment>Form label: the person who took the patient&apos;s consent</extracomment>
        <translation>Registrado por:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Nota:</translation>
    </message>
    <message>
        <source>Asking the gate…</source>
        <translation>Consultando al control…</translation>
    </message>
    <message>
        <source>A message from your care team</source>
        <translation>Un mensaje de su equipo asistencial</translation>
    </message>
    <message>
        <source>Sending through the gate…</source>
        <translation>Enviando a través del control…</translation>
    </message>
    <message>
        <source>Recording…</source>
        <translation>Registrando…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; master ID %2 &amp;middot; time zone %3 &amp;middot; language %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; ID maestro %2 &amp;middot; zona horaria %3 &amp;middot; idioma %4</translation>
    </message>
    <message>
        <source>(no name on file)</source>
        <translation>(sin nombre registrado)</translation>
    </message>
    <message>
        <source>unknown (the site&apos;s is used)</source>
        <translation>desconocida (se usa la del centro)</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>no indicado</translation>
    </message>
    <message>
        <source>Allowed now, as a clinical callback (audited).</source>
        <translation>Permitido ahora, como devolución de llamada clínica (auditado).</translation>
    </message>
    <message>
        <source>Allowed: it may go now.</source>
        <translation>Permitido: puede enviarse ahora.</translation>
    </message>
    <message>
        <source>Deferred until %1, the patient&apos;s time (%2).</source>
        <translation>Aplazado hasta las %1, hora del paciente (%2).</translation>
    </message>
    <message>
        <source>Denied: it may not go.</source>
        <translation>Denegado: no puede enviarse.</translation>
    </message>
    <message>
        <source>denies</source>
        <translation>deniega</translation>
    </message>
    <message>
        <source>defers</source>
        <translation>aplaza</translation>
    </message>
    <message>
        <source>passes</source>
        <translation>permite</translation>
    </message>
    <message>
        <source>The zone set here was dropped.</source>
        <translation>Se ha quitado la zona fijada aquí.</translation>
    </message>
    <message>
        <source>Saved: %1.</source>
        <translation>Guardado: %1.</translation>
    </message>
</context>
<context>
    <name>CareDesk::ConsentStateModel</name>
    <message>
        <source>Text (SMS)</source>
        <translation>Texto (SMS)</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Mail</source>
        <translation>Correo postal</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>Tratamiento</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>Gestión</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <source>Research</source>
        <translation>Investigación</translation>
    </message>
    <message>
        <source>none on file</source>
        <extracomment>A consent state: nothing recorded on the ledger</extracomment>
        <translation>ninguno registrado</translation>
    </message>
    <message>
        <source>granted</source>
        <translation>otorgado</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>revocado</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>caducado</translation>
    </message>
    <message>
        <source>restricted</source>
        <translation>restringido</translation>
    </message>
    <message>
        <source>%1 since %2 (ledger event %3)</source>
        <translation>%1 desde %2 (evento %3 del registro)</translation>
    </message>
    <message>
        <source>Ends %1</source>
        <translation>Termina %1</translation>
    </message>
    <message>
        <source>Restricted by the patient (HIPAA 164.522): %1</source>
        <translation>Restringido por el paciente (HIPAA 164.522): %1</translation>
    </message>
    <message>
        <source>no note</source>
        <translation>sin nota</translation>
    </message>
    <message>
        <source>A grant for every purpose does not authorize %1.</source>
        <translation>Un consentimiento para todas las finalidades no autoriza %1.</translation>
    </message>
</context>
<context>
    <name>CareDesk::DemoSite</name>
    <message>
        <source>DEMO SITE: synthetic patients and replies written for the demo</source>
        <translation>CENTRO DE DEMOSTRACIÓN: pacientes y respuestas ficticios escritos para la demostración</translation>
    </message>
</context>
<context>
    <name>CareDesk::FhirSettingsDialog</name>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>FHIR Server</source>
        <translation>Servidor FHIR</translation>
    </message>
    <message>
        <source>as registered with the server; empty: no sign-in</source>
        <translation>tal como está registrado en el servidor; vacío: sin inicio de sesión</translation>
    </message>
    <message>
        <source>JWK file with the RS384 or ES384 private key</source>
        <translation>Archivo JWK con la clave privada RS384 o ES384</translation>
    </message>
    <message>
        <source>only when the site uses its own certificate authority</source>
        <translation>solo si el centro usa su propia autoridad de certificación</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Triage nurse</source>
        <translation>Enfermería de triaje</translation>
    </message>
    <message>
        <source>Care coordinator</source>
        <translation>Coordinación asistencial</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisión</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>&amp;Dirección del servidor:</translation>
    </message>
    <message>
        <source>&amp;Client id:</source>
        <translation>Id. de &amp;cliente:</translation>
    </message>
    <message>
        <source>&amp;Key file:</source>
        <translation>Archivo de c&amp;lave:</translation>
    </message>
    <message>
        <source>Private Key (JWK)</source>
        <translation>Clave privada (JWK)</translation>
    </message>
    <message>
        <source>Site &amp;CA:</source>
        <translation>&amp;CA del centro:</translation>
    </message>
    <message>
        <source>CA Certificate (PEM)</source>
        <translation>Certificado de la CA (PEM)</translation>
    </message>
    <message>
        <source>&amp;Poll every:</source>
        <translation>&amp;Consultar cada:</translation>
    </message>
    <message>
        <source>Cache for &amp;role:</source>
        <translation>Caché para el &amp;rol:</translation>
    </message>
    <message>
        <source>CareDesk connects with TLS 1.2 or newer and checks the server&apos;s certificate. Only the fields your role needs are kept in the encrypted cache.</source>
        <translation>CareDesk se conecta con TLS 1.2 o posterior y comprueba el certificado del servidor. En la caché cifrada solo se guardan los campos que su rol necesita.</translation>
    </message>
    <message>
        <source>Enter the FHIR server&apos;s address.</source>
        <translation>Introduzca la dirección del servidor FHIR.</translation>
    </message>
    <message>
        <source>The address must start with https:// and name a server.</source>
        <translation>La dirección debe empezar por https:// e indicar un servidor.</translation>
    </message>
    <message>
        <source>Patient data goes over TLS only: use an https:// address.</source>
        <translation>Los datos de pacientes solo viajan por TLS: use una dirección https://.</translation>
    </message>
    <message>
        <source>A client id needs its key file, and a key file its client id.</source>
        <translation>Un id. de cliente necesita su archivo de clave, y un archivo de clave su id. de cliente.</translation>
    </message>
</context>
<context>
    <name>CareDesk::Hl7DeadLetterModel</name>
    <message>
        <source>Open</source>
        <translation>Abierto</translation>
    </message>
    <message>
        <source>Replayed</source>
        <translation>Reprocesado</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>Descartado</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>A message&apos;s type and its control ID, e.g. &quot;ADT^A01 MSG0009&quot;</extracomment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>(no MSH)</source>
        <translation>(sin MSH)</translation>
    </message>
    <message>
        <source>none (connection gone)</source>
        <extracomment>What the sender was told: AE, AR, or none when the connection was gone</extracomment>
        <translation>ninguna (conexión perdida)</translation>
    </message>
    <message numerus="yes">
        <source>%1 (replayed %n time(s), still failing)</source>
        <translation>
            <numerusform>%1 (reprocesado %n vez, sigue fallando)</numerusform>
            <numerusform>%1 (reprocesado %n veces, sigue fallando)</numerusform>
        </translation>
    </message>
    <message>
        <source>No.</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Remitente</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Respondido</translation>
    </message>
    <message>
        <source>Why it was not applied</source>
        <translation>Por qué no se aplicó</translation>
    </message>
</context>
<context>
    <name>CareDesk::Hl7DeadLetterView</name>
    <message>
        <source>Show &amp;replayed and discarded</source>
        <translation>Mostrar &amp;reprocesados y descartados</translation>
    </message>
    <message>
        <source>&amp;Replay</source>
        <translation>&amp;Reprocesar</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Descartar</translation>
    </message>
    <message>
        <source>HL7 Dead Letters</source>
        <translation>Mensajes HL7 fallidos</translation>
    </message>
    <message>
        <source>Apply the message again, with today&apos;s settings, once what stopped it is fixed (recorded in the audit trail)</source>
        <translation>Aplicar de nuevo el mensaje, con la configuración actual, una vez corregido lo que lo impidió (queda en el registro de auditoría)</translation>
    </message>
    <message>
        <source>Close the dead letter without applying the message (recorded in the audit trail)</source>
        <translation>Cerrar el mensaje fallido sin aplicarlo (queda en el registro de auditoría)</translation>
    </message>
    <message>
        <source>Reason and message as received</source>
        <translation>Motivo y mensaje tal como se recibió</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Actuali&amp;zar</translation>
    </message>
    <message>
        <source>Dead letter %1 replayed: %2</source>
        <translation>Mensaje fallido %1 reprocesado: %2</translation>
    </message>
    <message>
        <source>Dead letter %1 still cannot be applied: %2</source>
        <translation>El mensaje fallido %1 sigue sin poder aplicarse: %2</translation>
    </message>
    <message>
        <source>Dead letter %1 discarded.</source>
        <translation>Mensaje fallido %1 descartado.</translation>
    </message>
    <message>
        <source>Replaying dead letter %1…</source>
        <translation>Reprocesando el mensaje fallido %1…</translation>
    </message>
    <message>
        <source>Discard Dead Letter</source>
        <translation>Descartar mensaje fallido</translation>
    </message>
    <message>
        <source>Discard dead letter %1? Its message will not be applied; the sender is not told.</source>
        <translation>¿Descartar el mensaje fallido %1? No se aplicará y no se avisa al remitente.</translation>
    </message>
    <message>
        <source>No dead letters: every HL7 message received was applied.</source>
        <translation>No hay mensajes fallidos: se aplicaron todos los mensajes HL7 recibidos.</translation>
    </message>
    <message numerus="yes">
        <source>%n HL7 message(s) could not be applied. Fix the cause (a setting, a conflict between records), then replay; discard one that should never be applied.</source>
        <translation>
            <numerusform>%n mensaje HL7 no pudo aplicarse. Corrija la causa (una configuración, un conflicto entre registros) y reprocéselo; descarte el que nunca deba aplicarse.</numerusform>
            <numerusform>%n mensajes HL7 no pudieron aplicarse. Corrija la causa (una configuración, un conflicto entre registros) y reprocéselos; descarte los que nunca deban aplicarse.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;p&gt;Received %1 from %2 over %3; the sender was answered %4 (HL7 error code %5).</source>
        <translation>&lt;p&gt;Recibido %1 de %2 por %3; se respondió al remitente %4 (código de error HL7 %5).</translation>
    </message>
    <message numerus="yes">
        <source> Replayed %n time(s); the last attempt said: %1</source>
        <translation>
            <numerusform> Reprocesado %n vez; el último intento indicó: %1</numerusform>
            <numerusform> Reprocesado %n veces; el último intento indicó: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;p&gt;Only the first %1 of its %2 bytes were kept, so it cannot be replayed; ask the sender to send it again.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Solo se guardaron los primeros %1 de sus %2 bytes, por lo que no puede reprocesarse; pida al remitente que lo envíe de nuevo.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>CareDesk::Hl7FeedController</name>
    <message>
        <source>The message was stored already.</source>
        <translation>El mensaje ya estaba guardado.</translation>
    </message>
    <message>
        <source>The message was applied.</source>
        <translation>El mensaje se ha aplicado.</translation>
    </message>
</context>
<context>
    <name>CareDesk::Hl7FeedMenu</name>
    <message>
        <source>HL7 &amp;Dead Letters…</source>
        <translation>&amp;Mensajes HL7 fallidos…</translation>
    </message>
    <message>
        <source>HL7 messages the interface could not apply</source>
        <translation>Mensajes HL7 que la interfaz no pudo aplicar</translation>
    </message>
    <message>
        <source>H&amp;L7</source>
        <extracomment>Menu of the HL7 v2 interface (admissions, discharges, transfers from the hospital)</extracomment>
        <translation>H&amp;L7</translation>
    </message>
    <message>
        <source>HL7 &amp;Dead Letters (%1)…</source>
        <translation>&amp;Mensajes HL7 fallidos (%1)…</translation>
    </message>
    <message numerus="yes">
        <source>HL7 feed on port %1%2: %n connection(s)</source>
        <translation>
            <numerusform>Canal HL7 en el puerto %1%2: %n conexión</numerusform>
            <numerusform>Canal HL7 en el puerto %1%2: %n conexiones</numerusform>
        </translation>
    </message>
    <message>
        <source> (TLS)</source>
        <translation> (TLS)</translation>
    </message>
    <message numerus="yes">
        <source>, %n message(s) taken</source>
        <translation>
            <numerusform>, %n mensaje recibido</numerusform>
            <numerusform>, %n mensajes recibidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n dead letter(s)</source>
        <translation>
            <numerusform>, %n mensaje fallido</numerusform>
            <numerusform>, %n mensajes fallidos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyController</name>
    <message>
        <source>Needs the %1 permission, which your role (%2) does not have.</source>
        <translation>Requiere el permiso %1, que su rol (%2) no tiene.</translation>
    </message>
    <message>
        <source>Moved the patient to %1.</source>
        <translation>Paciente pasado a %1.</translation>
    </message>
    <message>
        <source>Step %1 marked done.</source>
        <translation>Paso %1 marcado como hecho.</translation>
    </message>
    <message>
        <source>Introduction proposed.</source>
        <translation>Presentación propuesta.</translation>
    </message>
    <message>
        <source>Consent recorded.</source>
        <translation>Consentimiento registrado.</translation>
    </message>
    <message>
        <source>Refusal recorded.</source>
        <translation>Negativa registrada.</translation>
    </message>
    <message>
        <source>Introduction made.</source>
        <translation>Presentación realizada.</translation>
    </message>
    <message>
        <source>Outcome recorded.</source>
        <translation>Resultado registrado.</translation>
    </message>
    <message numerus="yes">
        <source>%n mentor(s) in the registry updated.</source>
        <translation>
            <numerusform>%n mentor actualizado en el registro.</numerusform>
            <numerusform>%n mentores actualizados en el registro.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyDefinition</name>
    <message>
        <source>A stage has no id.</source>
        <translation>Una etapa no tiene id.</translation>
    </message>
    <message>
        <source>Stage &quot;%1&quot; is defined twice.</source>
        <translation>La etapa «%1» está definida dos veces.</translation>
    </message>
    <message>
        <source>Stage &quot;%1&quot; has step &quot;%2&quot; twice.</source>
        <translation>La etapa «%1» tiene el paso «%2» dos veces.</translation>
    </message>
    <message>
        <source>Step &quot;%1&quot; of stage &quot;%2&quot; says nothing about what completes it (&quot;doneBy&quot;).</source>
        <translation>El paso «%1» de la etapa «%2» no indica qué lo completa («doneBy»).</translation>
    </message>
    <message>
        <source>Step &quot;%1&quot; waits for an unknown event &quot;%2&quot;.</source>
        <translation>El paso «%1» espera un evento desconocido «%2».</translation>
    </message>
    <message>
        <source>The journey has no stages.</source>
        <translation>El recorrido no tiene etapas.</translation>
    </message>
    <message>
        <source>The initial stage &quot;%1&quot; is not one of the stages.</source>
        <translation>La etapa inicial «%1» no es ninguna de las etapas.</translation>
    </message>
    <message>
        <source>Transition %1 leaves from unknown stage &quot;%2&quot;.</source>
        <translation>La transición %1 sale de una etapa desconocida «%2».</translation>
    </message>
    <message>
        <source>Transition %1 goes to unknown stage &quot;%2&quot;.</source>
        <translation>La transición %1 va a una etapa desconocida «%2».</translation>
    </message>
    <message>
        <source>Transition %1 waits for an unknown event &quot;%2&quot;; the events are %3.</source>
        <translation>La transición %1 espera un evento desconocido «%2»; los eventos son %3.</translation>
    </message>
    <message>
        <source>The time zone &quot;%1&quot; is not an IANA time zone this system knows.</source>
        <translation>La zona horaria «%1» no es una zona IANA que este sistema conozca.</translation>
    </message>
    <message>
        <source>Adherence windows are 7 to 720 days; got %1.</source>
        <translation>Las ventanas de adherencia son de 7 a 720 días; se indicó %1.</translation>
    </message>
    <message>
        <source>Stage &quot;%1&quot; cannot be reached from the initial stage &quot;%2&quot;.</source>
        <translation>La etapa «%1» no puede alcanzarse desde la etapa inicial «%2».</translation>
    </message>
    <message>
        <source>No stage is terminal, so no journey can ever close.</source>
        <translation>Ninguna etapa es final, así que ningún recorrido podría cerrarse nunca.</translation>
    </message>
    <message>
        <source>Stage &quot;%1&quot; is a dead end: no transition leaves it and it is not terminal.</source>
        <translation>La etapa «%1» es un callejón sin salida: ninguna transición sale de ella y no es final.</translation>
    </message>
    <message>
        <source>Stage &quot;%1&quot; is a dead end: no terminal stage can be reached from it.</source>
        <translation>La etapa «%1» es un callejón sin salida: desde ella no se alcanza ninguna etapa final.</translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyEditorDialog</name>
    <message>
        <source>Edit Program Journey — %1</source>
        <translation>Editar el recorrido del programa — %1</translation>
    </message>
    <message>
        <source>Program title:</source>
        <translation>Título del programa:</translation>
    </message>
    <message>
        <source>New version:</source>
        <extracomment>The new version of the journey definition; it must be higher than the one in use.</extracomment>
        <translation>Nueva versión:</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Expected days</source>
        <translation>Días previstos</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Final</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Pasos</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Hacia</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Codes</source>
        <translation>Códigos</translation>
    </message>
    <message>
        <source>Statuses</source>
        <translation>Estados</translation>
    </message>
    <message>
        <source>From Nth</source>
        <translation>Desde el n.º</translation>
    </message>
    <message>
        <source>From: stage ids separated by commas, * for any open stage. Event: %1.</source>
        <translation>Desde: ids. de etapa separados por comas, * para cualquier etapa abierta. Evento: %1.</translation>
    </message>
    <message>
        <source>Add Stage</source>
        <translation>Añadir etapa</translation>
    </message>
    <message>
        <source>Remove Stage</source>
        <translation>Quitar etapa</translation>
    </message>
    <message>
        <source>Add Transition</source>
        <translation>Añadir transición</translation>
    </message>
    <message>
        <source>Remove Transition</source>
        <translation>Quitar transición</translation>
    </message>
    <message>
        <source>Stages, in the order a patient goes through them:</source>
        <translation>Etapas, en el orden en que las recorre el paciente:</translation>
    </message>
    <message>
        <source>Transitions: the first that matches an event moves the patient:</source>
        <translation>Transiciones: la primera que coincide con un evento hace avanzar al paciente:</translation>
    </message>
    <message>
        <source>Stages and Transitions</source>
        <translation>Etapas y transiciones</translation>
    </message>
    <message>
        <source>All Settings (JSON)</source>
        <translation>Toda la configuración (JSON)</translation>
    </message>
    <message>
        <source>Problems that stop this definition from being saved:</source>
        <translation>Problemas que impiden guardar esta definición:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s), edit as JSON</source>
        <translation>
            <numerusform>%n paso, editar como JSON</numerusform>
            <numerusform>%n pasos, editar como JSON</numerusform>
        </translation>
    </message>
    <message>
        <source>The program id cannot change here (it is &quot;%1&quot;).</source>
        <translation>El id. del programa no puede cambiarse aquí (es «%1»).</translation>
    </message>
    <message>
        <source>The version must be higher than %1.</source>
        <translation>La versión debe ser mayor que %1.</translation>
    </message>
    <message>
        <source>None: this definition can be saved as version %1.</source>
        <translation>Ninguno: esta definición puede guardarse como versión %1.</translation>
    </message>
    <message>
        <source>new-stage</source>
        <translation>nueva-etapa</translation>
    </message>
    <message>
        <source>New stage</source>
        <translation>Nueva etapa</translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyPanel</name>
    <message>
        <source>undated</source>
        <translation>sin fecha</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>&amp;Mover</translation>
    </message>
    <message>
        <source>Mark &amp;Done</source>
        <translation>Marcar como &amp;hecho</translation>
    </message>
    <message>
        <source>Edit &amp;Program…</source>
        <translation>Editar &amp;programa…</translation>
    </message>
    <message>
        <source>Timeline zoom</source>
        <translation>Escala de la cronología</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Semana</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>Trimestre</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Año</translation>
    </message>
    <message>
        <source>Two years</source>
        <translation>Dos años</translation>
    </message>
    <message>
        <source>Whole journey</source>
        <translation>Todo el recorrido</translation>
    </message>
    <message>
        <source>Move the patient to stage</source>
        <translation>Pasar al paciente a la etapa</translation>
    </message>
    <message>
        <source>Step to mark done</source>
        <translation>Paso que marcar como hecho</translation>
    </message>
    <message>
        <source>Zoom:</source>
        <translation>Escala:</translation>
    </message>
    <message>
        <source>Move to:</source>
        <translation>Pasar a:</translation>
    </message>
    <message>
        <source>Step:</source>
        <translation>Paso:</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Journey definition version %1 saved; journeys now follow it.</source>
        <translation>Guardada la versión %1 de la definición del recorrido; los recorridos ya la siguen.</translation>
    </message>
    <message>
        <source>Select an item to see the patient&apos;s journey.</source>
        <translation>Seleccione un elemento para ver el recorrido del paciente.</translation>
    </message>
    <message>
        <source>Reading the journey…</source>
        <translation>Leyendo el recorrido…</translation>
    </message>
    <message>
        <source>Journeys are not available on this workstation.</source>
        <translation>Los recorridos no están disponibles en este puesto.</translation>
    </message>
    <message>
        <source>Not on the %1 journey yet: no tasks, payer checks, dispenses or appointments on file.</source>
        <translation>Aún no está en el recorrido %1: no constan tareas, comprobaciones del pagador, dispensaciones ni citas.</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; for %n day(s), since %2</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; durante %n día, desde el %2</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; durante %n días, desde el %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;stalled&lt;/b&gt; (expected %n day(s))</source>
        <translation>
            <numerusform> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;estancado&lt;/b&gt; (previsto %n día)</numerusform>
            <numerusform> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;estancado&lt;/b&gt; (previstos %n días)</numerusform>
        </translation>
    </message>
    <message>
        <source> &amp;nbsp; &lt;small&gt;(%1, version %2)&lt;/small&gt;</source>
        <translation> &amp;nbsp; &lt;small&gt;(%1, versión %2)&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Benefits</source>
        <translation>Cobertura</translation>
    </message>
    <message>
        <source>Prior auth. #%1</source>
        <translation>Autoriz. previa n.º %1</translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#a51010&quot;&gt;no decision, due %1&lt;/b&gt;</source>
        <translation>&lt;b style=&quot;color:#a51010&quot;&gt;sin decisión, vence %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source> (due %1)</source>
        <translation> (vence %1)</translation>
    </message>
    <message>
        <source>: %1</source>
        <translation>: %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 d %2%3</source>
        <translation>%1 d %2%3</translation>
    </message>
    <message>
        <source> so far</source>
        <translation> hasta ahora</translation>
    </message>
    <message>
        <source>Adherence (%1): PDC %2</source>
        <translation>Adherencia (%1): PDC %2</translation>
    </message>
    <message numerus="yes">
        <source> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;refill overdue, %n day(s) without supply&lt;/b&gt;</source>
        <translation>
            <numerusform> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;reposición vencida, %n día sin medicación&lt;/b&gt;</numerusform>
            <numerusform> &amp;mdash; &lt;b style=&quot;color:#a51010&quot;&gt;reposición vencida, %n días sin medicación&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source> (item %1)</source>
        <translation> (elemento %1)</translation>
    </message>
    <message>
        <source> (not in the queue yet)</source>
        <translation> (aún no está en la cola)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Exceptions:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Excepciones:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>%1 (overdue)</source>
        <translation>%1 (vencido)</translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyTimeline</name>
    <message>
        <source>Supply of %1</source>
        <translation>Suministro de %1</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) without %1</source>
        <translation>
            <numerusform>%n día sin %1</numerusform>
            <numerusform>%n días sin %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In hospital (%n day(s))</source>
        <translation>
            <numerusform>Ingresado (%n día)</numerusform>
            <numerusform>Ingresado (%n días)</numerusform>
        </translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>Cobertura</translation>
    </message>
    <message>
        <source>Prior authorization</source>
        <translation>Autorización previa</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: decision overdue</source>
        <translation>%1: decisión vencida</translation>
    </message>
    <message>
        <source>task</source>
        <translation>tarea</translation>
    </message>
    <message>
        <source>benefits check</source>
        <translation>verificación de cobertura</translation>
    </message>
    <message>
        <source>prior authorization</source>
        <translation>autorización previa</translation>
    </message>
    <message>
        <source>dispense</source>
        <translation>dispensación</translation>
    </message>
    <message>
        <source>medication</source>
        <translation>medicación</translation>
    </message>
    <message>
        <source>appointment</source>
        <translation>cita</translation>
    </message>
    <message>
        <source>message</source>
        <translation>mensaje</translation>
    </message>
    <message>
        <source>consent</source>
        <translation>consentimiento</translation>
    </message>
    <message>
        <source>mentor</source>
        <translation>mentor</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>coordinación</translation>
    </message>
    <message>
        <source>encounter</source>
        <translation>contacto asistencial</translation>
    </message>
    <message>
        <source>condition</source>
        <translation>problema de salud</translation>
    </message>
    <message>
        <source>admission</source>
        <translation>ingreso</translation>
    </message>
    <message>
        <source>discharge</source>
        <translation>alta</translation>
    </message>
    <message>
        <source>transfer</source>
        <translation>traslado</translation>
    </message>
    <message>
        <source>registration</source>
        <translation>registro</translation>
    </message>
    <message>
        <source>pre-admission</source>
        <translation>preingreso</translation>
    </message>
    <message>
        <source>update</source>
        <translation>actualización</translation>
    </message>
    <message>
        <source>merge</source>
        <translation>fusión</translation>
    </message>
    <message>
        <source>admission cancelled</source>
        <translation>ingreso anulado</translation>
    </message>
    <message>
        <source>transfer cancelled</source>
        <translation>traslado anulado</translation>
    </message>
    <message>
        <source>discharge cancelled</source>
        <translation>alta anulada</translation>
    </message>
    <message>
        <source>hospital event</source>
        <translation>evento hospitalario</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>completado</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>solicitado</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>aceptado</translation>
    </message>
    <message>
        <source>received</source>
        <translation>recibido</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>preparado</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>en curso</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>en espera</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rechazado</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>borrador</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activo</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>inactivo</translation>
    </message>
    <message>
        <source>entered in error</source>
        <translation>introducido por error</translation>
    </message>
    <message>
        <source>booked</source>
        <translation>citado</translation>
    </message>
    <message>
        <source>attended</source>
        <translation>acudió</translation>
    </message>
    <message>
        <source>did not attend</source>
        <translation>no acudió</translation>
    </message>
    <message>
        <source>arrived</source>
        <translation>llegó</translation>
    </message>
    <message>
        <source>proposed</source>
        <translation>propuesto</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>enviado</translation>
    </message>
    <message>
        <source>pended by the payer</source>
        <translation>en estudio por el pagador</translation>
    </message>
    <message>
        <source>eligible</source>
        <translation>con cobertura</translation>
    </message>
    <message>
        <source>not eligible</source>
        <translation>sin cobertura</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>aprobado</translation>
    </message>
    <message>
        <source>partly approved</source>
        <translation>aprobado en parte</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>denegado</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>no decision in time</source>
        <translation>sin decisión a tiempo</translation>
    </message>
    <message>
        <source>done</source>
        <translation>hecho</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>finalizado</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>previsto</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>suspendido</translation>
    </message>
    <message>
        <source>introduced</source>
        <translation>presentado</translation>
    </message>
    <message>
        <source>met</source>
        <translation>se reunieron</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>rechazado</translation>
    </message>
    <message>
        <source>no response</source>
        <translation>sin respuesta</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>completo</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>en cola</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>cerrada</translation>
    </message>
</context>
<context>
    <name>CareDesk::JourneyTimelineWidget</name>
    <message>
        <source>Hospital (ADT)</source>
        <translation>Hospital (ADT)</translation>
    </message>
    <message>
        <source>Journey timeline</source>
        <translation>Cronología del recorrido</translation>
    </message>
    <message>
        <source>No journey events for this patient yet.</source>
        <translation>Aún no hay eventos del recorrido para este paciente.</translation>
    </message>
    <message numerus="yes">
        <source>%n undated</source>
        <translation>
            <numerusform>%n sin fecha</numerusform>
            <numerusform>%n sin fecha</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
%2 · %3
%4/%5 (double-click to open)</source>
        <translation>%1
%2 · %3
%4/%5 (doble clic para abrir)</translation>
    </message>
    <message>
        <source>%1, due %2%3</source>
        <translation>%1, vence %2%3</translation>
    </message>
    <message>
        <source> — OVERDUE</source>
        <translation> — VENCIDO</translation>
    </message>
    <message>
        <source> — done</source>
        <translation> — hecho</translation>
    </message>
    <message>
        <source>%1 from %2%3</source>
        <translation>%1 desde %2%3</translation>
    </message>
    <message>
        <source> — stalled since %1</source>
        <translation> — estancado desde %1</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Etapas</translation>
    </message>
    <message>
        <source>Benefits, PA</source>
        <translation>Cobertura, AP</translation>
    </message>
    <message>
        <source>Dispenses</source>
        <translation>Dispensaciones</translation>
    </message>
    <message>
        <source>Medications</source>
        <translation>Medicación</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tareas</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>Citas</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
    <message>
        <source>Mentors</source>
        <translation>Mentores</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>Coordinación</translation>
    </message>
    <message>
        <source>Encounters</source>
        <translation>Contactos asistenciales</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Problemas de salud</translation>
    </message>
</context>
<context>
    <name>CareDesk::MainWindow</name>
    <message>
        <source>CareDesk — Triage Queue</source>
        <translation>CareDesk — Cola de triaje</translation>
    </message>
    <message>
        <source>CareDesk</source>
        <translation>CareDesk</translation>
    </message>
    <message>
        <source>Item %1: %2 saved.</source>
        <translation>Elemento %1: %2 guardado.</translation>
    </message>
    <message>
        <source>Import finished.</source>
        <translation>Importación terminada.</translation>
    </message>
    <message>
        <source>Import failed.</source>
        <translation>La importación ha fallado.</translation>
    </message>
    <message>
        <source>Import Failed</source>
        <translation>Importación fallida</translation>
    </message>
    <message>
        <source>&amp;Claim</source>
        <translation>&amp;Asignarme</translation>
    </message>
    <message>
        <source>Claim the selected item (Ctrl+M)</source>
        <translation>Asignarme el elemento seleccionado (Ctrl+M)</translation>
    </message>
    <message>
        <source>Re&amp;lease</source>
        <translation>&amp;Liberar</translation>
    </message>
    <message>
        <source>Release the selected item (Ctrl+Shift+M)</source>
        <translation>Liberar el elemento seleccionado (Ctrl+Mayús+M)</translation>
    </message>
    <message>
        <source>&amp;Resolve…</source>
        <translation>&amp;Resolver…</translation>
    </message>
    <message>
        <source>Resolve the selected item (Ctrl+Enter)</source>
        <translation>Resolver el elemento seleccionado (Ctrl+Intro)</translation>
    </message>
    <message>
        <source>&amp;Import Files…</source>
        <translation>&amp;Importar archivos…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Actuali&amp;zar</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Item</source>
        <translation>&amp;Elemento</translation>
    </message>
    <message>
        <source>Triage</source>
        <translation>Triaje</translation>
    </message>
    <message>
        <source>Triage queue</source>
        <translation>Cola de triaje</translation>
    </message>
    <message>
        <source>Patient reply</source>
        <translation>Respuesta del paciente</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Journey</source>
        <translation>Recorrido</translation>
    </message>
    <message>
        <source>Importing %v of %m</source>
        <translation>Importando %v de %m</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Sesión iniciada como %1</translation>
    </message>
    <message>
        <source> &lt;b&gt;Needs review:&lt;/b&gt; the classifier was not sure.</source>
        <translation> &lt;b&gt;Requiere revisión:&lt;/b&gt; el clasificador no estaba seguro.</translation>
    </message>
    <message>
        <source>(no name on file)</source>
        <translation>(sin nombre registrado)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; master ID %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; ID maestro %2</translation>
    </message>
    <message>
        <source>Born %1 &amp;middot; %2 &amp;middot; phone %3</source>
        <translation>Nacido/a el %1 &amp;middot; %2 &amp;middot; teléfono %3</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>gender unknown</source>
        <translation>sexo desconocido</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>&lt;b&gt;Opted out of text messages.&lt;/b&gt; Do not text this patient.</source>
        <translation>&lt;b&gt;Dado de baja de los mensajes de texto.&lt;/b&gt; No envíe SMS a este paciente.</translation>
    </message>
    <message>
        <source>Item %1: %2%3</source>
        <translation>Elemento %1: %2%3</translation>
    </message>
    <message>
        <source>claimed by </source>
        <translation>asignado a </translation>
    </message>
    <message>
        <source>open</source>
        <translation>abierto</translation>
    </message>
    <message>
        <source>Select an item in the queue to read the reply.</source>
        <translation>Seleccione un elemento de la cola para leer la respuesta.</translation>
    </message>
    <message>
        <source>Import Files</source>
        <translation>Importar archivos</translation>
    </message>
    <message>
        <source>FHIR and HL7 v2 files (*.json *.ndjson *.hl7 *.er7 *.txt);;All files (*)</source>
        <translation>Archivos FHIR y HL7 v2 (*.json *.ndjson *.hl7 *.er7 *.txt);;Todos los archivos (*)</translation>
    </message>
    <message numerus="yes">
        <source>Importing %n file(s)…</source>
        <translation>
            <numerusform>Importando %n archivo…</numerusform>
            <numerusform>Importando %n archivos…</numerusform>
        </translation>
    </message>
    <message>
        <source>The queue could not be refreshed: %1</source>
        <translation>No se pudo actualizar la cola: %1</translation>
    </message>
    <message>
        <source> &lt;b&gt;Needs review:&lt;/b&gt; %1.</source>
        <translation> &lt;b&gt;Requiere revisión:&lt;/b&gt; %1.</translation>
    </message>
    <message>
        <source>Classified with lexicon %1</source>
        <translation>Clasificado con el léxico %1</translation>
    </message>
    <message>
        <source>CareDesk — Triage Queue (demo site)</source>
        <translation>CareDesk — Cola de triaje (centro de demostración)</translation>
    </message>
    <message>
        <source>No open item is waiting in this view.</source>
        <translation>No hay ningún elemento abierto pendiente en esta vista.</translation>
    </message>
    <message>
        <source>Claim &amp;Next</source>
        <translation>Asignarme el &amp;siguiente</translation>
    </message>
    <message>
        <source>Claim the most urgent open item the filters show, and select it (Ctrl+N)</source>
        <translation>Asignarme el elemento abierto más urgente que muestran los filtros y seleccionarlo (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Assign…</source>
        <translation>A&amp;signar…</translation>
    </message>
    <message>
        <source>Give the selected item to someone (Ctrl+Shift+A)</source>
        <translation>Asignar el elemento seleccionado a otra persona (Ctrl+Mayús+A)</translation>
    </message>
    <message>
        <source>&lt;small&gt;&lt;b style=&quot;background-color:#ffd54f&quot;&gt;Red flag&lt;/b&gt; &amp;nbsp; &lt;u&gt;uncertain&lt;/u&gt; &amp;nbsp; &lt;s&gt;negated or about someone else&lt;/s&gt; &amp;nbsp; &lt;u style=&quot;background-color:#ead7f5&quot;&gt;tied to the therapy (possible adverse event)&lt;/u&gt;&lt;/small&gt;</source>
        <translation>&lt;small&gt;&lt;b style=&quot;background-color:#ffd54f&quot;&gt;Señal de alarma&lt;/b&gt; &amp;nbsp; &lt;u&gt;dudoso&lt;/u&gt; &amp;nbsp; &lt;s&gt;negado o referido a otra persona&lt;/s&gt; &amp;nbsp; &lt;u style=&quot;background-color:#ead7f5&quot;&gt;relacionado con el tratamiento (posible acontecimiento adverso)&lt;/u&gt;&lt;/small&gt;</translation>
    </message>
    <message>
        <source>&amp;Journey</source>
        <translation>&amp;Recorrido</translation>
    </message>
    <message>
        <source>M&amp;entors</source>
        <translation>M&amp;entores</translation>
    </message>
    <message>
        <source>Item %1 left the queue (resolved, or hidden by a filter).</source>
        <translation>El elemento %1 ha salido de la cola (resuelto u oculto por un filtro).</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; item, first reply received by CareDesk %2 (sent %3).</source>
        <translation>Elemento &lt;b&gt;%1&lt;/b&gt;; primera respuesta recibida por CareDesk %2 (enviada %3).</translation>
    </message>
    <message>
        <source>Reply %1 of %2, received %3</source>
        <translation>Respuesta %1 de %2, recibida %3</translation>
    </message>
    <message>
        <source> — raised the item to %1</source>
        <translation> — elevó el elemento a %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; journey exception, raised by CareDesk %2 (arose %3).</source>
        <translation>Excepción del recorrido &lt;b&gt;%1&lt;/b&gt;, generada por CareDesk %2 (surgió %3).</translation>
    </message>
    <message>
        <source>Raised by the rules of %1</source>
        <translation>Generada por las reglas de %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Master ID %1&lt;/b&gt;&lt;br/&gt;&lt;i&gt;[Masked: %2]&lt;/i&gt;</source>
        <translation>&lt;b&gt;ID maestro %1&lt;/b&gt;&lt;br/&gt;&lt;i&gt;[Oculto: %2]&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not acknowledged in time:&lt;/b&gt; escalated to %1.</source>
        <translation>&lt;b&gt;No se confirmó a tiempo:&lt;/b&gt; escalado a %1.</translation>
    </message>
    <message>
        <source>&lt;b&gt;A new reply raised this item:&lt;/b&gt; acknowledge it (Ctrl+M).</source>
        <translation>&lt;b&gt;Una nueva respuesta ha elevado este elemento:&lt;/b&gt; confírmelo (Ctrl+M).</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledged %n minute(s) after it arrived.</source>
        <translation>
            <numerusform>Confirmado %n minuto después de llegar.</numerusform>
            <numerusform>Confirmado %n minutos después de llegar.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Possible adverse event:&lt;/b&gt; report due %1.</source>
        <translation>&lt;b&gt;Posible acontecimiento adverso:&lt;/b&gt; notificación antes de %1.</translation>
    </message>
    <message>
        <source>A&amp;cknowledge</source>
        <translation>&amp;Confirmar recepción</translation>
    </message>
</context>
<context>
    <name>CareDesk::MentorMatcher</name>
    <message>
        <source>Same therapy: %1</source>
        <translation>Mismo tratamiento: %1</translation>
    </message>
    <message>
        <source>Different therapy (%1)</source>
        <translation>Otro tratamiento (%1)</translation>
    </message>
    <message>
        <source>Same condition: %1</source>
        <translation>Misma enfermedad: %1</translation>
    </message>
    <message>
        <source>Different condition (%1)</source>
        <translation>Otra enfermedad (%1)</translation>
    </message>
    <message>
        <source>Has been through %1 (reached %2)</source>
        <translation>Ha pasado por %1 (llegó a %2)</translation>
    </message>
    <message>
        <source>Reached only %1</source>
        <translation>Solo llegó a %1</translation>
    </message>
    <message>
        <source>Stage reached not known</source>
        <translation>No se sabe a qué etapa llegó</translation>
    </message>
    <message>
        <source>Patient&apos;s language not recorded (mentor speaks %1)</source>
        <translation>Idioma del paciente no registrado (el mentor habla %1)</translation>
    </message>
    <message>
        <source>No language in common (mentor speaks %1)</source>
        <translation>Sin idioma en común (el mentor habla %1)</translation>
    </message>
    <message>
        <source>Speaks the patient&apos;s language (%1)</source>
        <translation>Habla el idioma del paciente (%1)</translation>
    </message>
    <message>
        <source>Age band not known</source>
        <translation>Franja de edad desconocida</translation>
    </message>
    <message>
        <source>Same age band (%1)</source>
        <translation>Misma franja de edad (%1)</translation>
    </message>
    <message>
        <source>Next age band (%1)</source>
        <translation>Franja de edad contigua (%1)</translation>
    </message>
    <message>
        <source>Age band %1</source>
        <translation>Franja de edad %1</translation>
    </message>
    <message>
        <source>%1 h a week inside the patient&apos;s daytime (%2:00-%3:00 %4)</source>
        <translation>%1 h a la semana dentro del horario diurno del paciente (%2:00-%3:00 %4)</translation>
    </message>
    <message>
        <source>No time inside the patient&apos;s daytime this week</source>
        <translation>Sin horas dentro del horario diurno del paciente esta semana</translation>
    </message>
    <message>
        <source>An introduction to this mentor is in progress</source>
        <translation>Hay una presentación a este mentor en curso</translation>
    </message>
    <message>
        <source>Declined on %1</source>
        <translation>Rechazado el %1</translation>
    </message>
    <message>
        <source>Not an active mentor</source>
        <translation>No es un mentor activo</translation>
    </message>
    <message>
        <source>Withdrew consent to mentor</source>
        <translation>Retiró su consentimiento para ser mentor</translation>
    </message>
    <message>
        <source>Has not agreed to mentor</source>
        <translation>No ha aceptado ser mentor</translation>
    </message>
    <message>
        <source>At capacity (%1 of %2 introductions in progress)</source>
        <translation>Sin plazas (%1 de %2 presentaciones en curso)</translation>
    </message>
</context>
<context>
    <name>CareDesk::MentorPanel</name>
    <message>
        <source>agreed</source>
        <translation>aceptó</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>rechazó</translation>
    </message>
    <message>
        <source>not asked</source>
        <translation>sin preguntar</translation>
    </message>
    <message>
        <source>&amp;Propose Introduction</source>
        <translation>&amp;Proponer presentación</translation>
    </message>
    <message>
        <source>Patient &amp;Agrees</source>
        <translation>El paciente &amp;acepta</translation>
    </message>
    <message>
        <source>Mentor A&amp;grees</source>
        <translation>El mentor ac&amp;epta</translation>
    </message>
    <message>
        <source>De&amp;clined</source>
        <translation>Re&amp;chazada</translation>
    </message>
    <message>
        <source>&amp;Introduce</source>
        <translation>&amp;Presentar</translation>
    </message>
    <message>
        <source>Record &amp;Outcome</source>
        <translation>Registrar &amp;resultado</translation>
    </message>
    <message>
        <source>Proposed mentors</source>
        <translation>Mentores propuestos</translation>
    </message>
    <message>
        <source>Mentor</source>
        <translation>Mentor</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Patient consent</source>
        <translation>Consentimiento del paciente</translation>
    </message>
    <message>
        <source>Mentor consent</source>
        <translation>Consentimiento del mentor</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>Propuesta</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>Se reunieron</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Rechazada</translation>
    </message>
    <message>
        <source>No response</source>
        <translation>Sin respuesta</translation>
    </message>
    <message>
        <source>Introductions</source>
        <translation>Presentaciones</translation>
    </message>
    <message>
        <source>Select an item to see mentors for the patient.</source>
        <translation>Seleccione un elemento para ver mentores para el paciente.</translation>
    </message>
    <message>
        <source>Ranking mentors…</source>
        <translation>Clasificando mentores…</translation>
    </message>
    <message numerus="yes">
        <source>%n mentor(s) can be proposed, ranked by therapy, condition, stage reached, language, age band and availability.</source>
        <translation>
            <numerusform>Puede proponerse %n mentor, clasificado por tratamiento, enfermedad, etapa alcanzada, idioma, franja de edad y disponibilidad.</numerusform>
            <numerusform>Pueden proponerse %n mentores, clasificados por tratamiento, enfermedad, etapa alcanzada, idioma, franja de edad y disponibilidad.</numerusform>
        </translation>
    </message>
    <message>
        <source> Patient: %1, language %2, age band %3, time zone %4.</source>
        <translation> Paciente: %1, idioma %2, franja de edad %3, zona horaria %4.</translation>
    </message>
    <message>
        <source>no journey yet</source>
        <translation>aún sin recorrido</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>no registrado</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>no se sabe</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 of 100 points%3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 de 100 puntos%3</translation>
    </message>
    <message>
        <source>, rank %1</source>
        <translation>, puesto %1</translation>
    </message>
    <message>
        <source> &amp;mdash; not proposed: %1</source>
        <translation> &amp;mdash; no propuesto: %1</translation>
    </message>
    <message>
        <source>%1 / %2 &amp;nbsp; %3</source>
        <translation>%1 / %2 &amp;nbsp; %3</translation>
    </message>
</context>
<context>
    <name>CareDesk::MentorProposalModel</name>
    <message>
        <source>%1 (+%2)</source>
        <translation>%1 (+%2)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <extracomment>Mentor capacity column: introductions in progress of the mentor&apos;s capacity.</extracomment>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>Not proposed: %1</source>
        <translation>No propuesto: %1</translation>
    </message>
    <message>
        <source>%1, %2, %3</source>
        <translation>%1, %2, %3</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Mentor</source>
        <translation>Mentor</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Puntuación</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Idiomas</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
</context>
<context>
    <name>CareDesk::OutboxModel</name>
    <message>
        <source>Claim of item %1</source>
        <translation>Asignación del elemento %1</translation>
    </message>
    <message>
        <source>Release of item %1</source>
        <translation>Liberación del elemento %1</translation>
    </message>
    <message>
        <source>Resolution of item %1</source>
        <translation>Resolución del elemento %1</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <source>Failed, will retry</source>
        <translation>Fallido, se reintentará</translation>
    </message>
    <message>
        <source>Dead letter</source>
        <translation>Mensaje fallido</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>Descartado</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>#</source>
        <extracomment>Column of the outbox table: the command&apos;s number</extracomment>
        <translation>N.º</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Orden</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Próximo intento</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último error</translation>
    </message>
</context>
<context>
    <name>CareDesk::OutboxView</name>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Reintentar</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Descartar</translation>
    </message>
    <message>
        <source>Outbox and Dead Letters</source>
        <translation>Bandeja de salida y mensajes fallidos</translation>
    </message>
    <message>
        <source>Try the command again from its first attempt (recorded in the audit trail)</source>
        <translation>Volver a intentar la orden desde el primer intento (queda en el registro de auditoría)</translation>
    </message>
    <message>
        <source>Drop the command; it will not be sent (recorded in the audit trail)</source>
        <translation>Descartar la orden; no se enviará (queda en el registro de auditoría)</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Conflicts: someone else&apos;s change won</source>
        <translation>Conflictos: prevaleció el cambio de otra persona</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Actuali&amp;zar</translation>
    </message>
    <message>
        <source>Everything was sent: the outbox is empty.</source>
        <translation>Todo se ha enviado: la bandeja de salida está vacía.</translation>
    </message>
    <message>
        <source>%1 waiting or being sent, %2 failed (they retry by themselves), %3 dead letters (they need a person: retry or discard).</source>
        <translation>%1 en espera o enviándose, %2 fallidos (se reintentan solos), %3 mensajes fallidos definitivos (requieren a una persona: reintentar o descartar).</translation>
    </message>
    <message>
        <source>No error: the command is waiting for its turn.</source>
        <translation>Sin error: la orden espera su turno.</translation>
    </message>
    <message>
        <source> &lt;i&gt;at %1&lt;/i&gt;</source>
        <translation> &lt;i&gt;a las %1&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The server&apos;s answer was not FHIR; it began:&lt;/p&gt;&lt;pre&gt;%1&lt;/pre&gt;</source>
        <translation>&lt;p&gt;La respuesta del servidor no era FHIR; empezaba así:&lt;/p&gt;&lt;pre&gt;%1&lt;/pre&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;HTTP status %1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Estado HTTP %1.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The server asked to wait longer than CareDesk waits at most; the next attempt is at the limit.&lt;/p&gt;</source>
        <translation>&lt;p&gt;El servidor pidió esperar más de lo que CareDesk espera como máximo; el próximo intento será en ese límite.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>CareDesk::PatientZoneBox</name>
    <message>
        <source>Patient&apos;s time zone (quiet hours, reminders)</source>
        <translation>Zona horaria del paciente (horario de silencio, recordatorios)</translation>
    </message>
    <message>
        <source>Patient&apos;s IANA time zone</source>
        <translation>Zona horaria IANA del paciente</translation>
    </message>
    <message>
        <source>Type a place, e.g. Chicago or Auckland</source>
        <translation>Escriba un lugar, p. ej. Chicago o Auckland</translation>
    </message>
    <message>
        <source>Set &amp;zone</source>
        <translation>Fijar &amp;zona</translation>
    </message>
    <message>
        <source>Use FHIR/site zone</source>
        <translation>Usar la zona de FHIR/del centro</translation>
    </message>
    <message>
        <source>Drop the zone set here: the FHIR record&apos;s zone, or else the site&apos;s, is used again.</source>
        <translation>Quitar la zona fijada aquí: vuelve a usarse la del registro FHIR o, si no, la del centro.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2), set here by %3 on %4.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2), fijada aquí por %3 el %4.</translation>
    </message>
    <message>
        <source>The FHIR record names none.</source>
        <translation>El registro FHIR no indica ninguna.</translation>
    </message>
    <message>
        <source>The FHIR record says %1.</source>
        <translation>El registro FHIR indica %1.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2), from the FHIR record.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2), del registro FHIR.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not known&lt;/b&gt;: the site&apos;s zone is used, and the gate&apos;s reasons say so.</source>
        <translation>&lt;b&gt;Desconocida&lt;/b&gt;: se usa la zona del centro, y los motivos del control lo indican.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IANA time zone.</source>
        <translation>«%1» no es una zona horaria IANA.</translation>
    </message>
</context>
<context>
    <name>CareDesk::QueuePanel</name>
    <message>
        <source>Overd&amp;ue only</source>
        <translation>Solo &amp;vencidos</translation>
    </message>
    <message>
        <source>Items per tier</source>
        <translation>Elementos por nivel</translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation>Todos los niveles</translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation>&amp;Nivel:</translation>
    </message>
    <message>
        <source>&amp;Program:</source>
        <translation>&amp;Programa:</translation>
    </message>
    <message>
        <source>O&amp;wner:</source>
        <translation>Res&amp;ponsable:</translation>
    </message>
    <message>
        <source>Triage queue</source>
        <translation>Cola de triaje</translation>
    </message>
    <message>
        <source>All programs</source>
        <translation>Todos los programas</translation>
    </message>
    <message>
        <source>(no program)</source>
        <translation>(sin programa)</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Cualquiera</translation>
    </message>
    <message>
        <source>Mine (%1)</source>
        <translation>Míos (%1)</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>&lt;b&gt;▲ Emergent %1&lt;/b&gt; &amp;nbsp; ◆ Urgent %2 &amp;nbsp; ● Routine %3 &amp;nbsp;&amp;middot;&amp;nbsp; %4 overdue &amp;nbsp;&amp;middot;&amp;nbsp; %5 unassigned &amp;nbsp;&amp;middot;&amp;nbsp; %6 possible adverse event(s)</source>
        <extracomment>Counts above the queue; the shapes repeat the tier labels of the table.</extracomment>
        <translation>&lt;b&gt;▲ Emergente %1&lt;/b&gt; &amp;nbsp; ◆ Urgente %2 &amp;nbsp; ● Rutina %3 &amp;nbsp;&amp;middot;&amp;nbsp; %4 vencidos &amp;nbsp;&amp;middot;&amp;nbsp; %5 sin asignar &amp;nbsp;&amp;middot;&amp;nbsp; %6 posibles acontecimientos adversos</translation>
    </message>
    <message>
        <source> &amp;nbsp;&amp;mdash; &lt;i&gt;showing %1 of %2 (filtered)&lt;/i&gt;</source>
        <translation> &amp;nbsp;&amp;mdash; &lt;i&gt;se muestran %1 de %2 (filtrado)&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>CareDesk::ResolveDialog</name>
    <message>
        <source>Resolve Triage Item %1</source>
        <translation>Resolver el elemento de triaje %1</translation>
    </message>
    <message>
        <source>What was done, and what the patient was told.</source>
        <translation>Qué se hizo y qué se dijo al paciente.</translation>
    </message>
    <message>
        <source>&amp;Resolve</source>
        <translation>&amp;Resolver</translation>
    </message>
    <message>
        <source>&amp;Disposition:</source>
        <translation>&amp;Resolución:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Nota:</translation>
    </message>
    <message>
        <source>The note is kept with the item; the audit trail records who resolved it and when.</source>
        <translation>La nota se guarda con el elemento; el registro de auditoría anota quién lo resolvió y cuándo.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Possible adverse event.&lt;/b&gt; The pharmacovigilance report is due %1, 15 days after CareDesk first received it. Choose &quot;%2&quot; once it is reported, or say in the note why it is not one.</source>
        <translation>&lt;b&gt;Posible acontecimiento adverso.&lt;/b&gt; La notificación de farmacovigilancia vence %1, 15 días después de que CareDesk lo recibiera por primera vez. Elija «%2» una vez notificado, o explique en la nota por qué no lo es.</translation>
    </message>
</context>
<context>
    <name>CareDesk::SecurityBar</name>
    <message>
        <source>Signed in as &lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>Sesión iniciada como &lt;b&gt;%1&lt;/b&gt; (%2)</translation>
    </message>
    <message>
        <source>Break Glass…</source>
        <translation>Acceso de emergencia…</translation>
    </message>
    <message>
        <source>Access beyond your role to this patient, with a reason; supervisors are told and review it.</source>
        <translation>Acceso a este paciente más allá de su rol, con un motivo; se avisa a la supervisión, que lo revisa.</translation>
    </message>
    <message>
        <source>Audit Trail…</source>
        <translation>Registro de auditoría…</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Bloquear</translation>
    </message>
    <message>
        <source>Lock the screen (Ctrl+L); your work stays as it is.</source>
        <translation>Bloquear la pantalla (Ctrl+L); su trabajo queda como está.</translation>
    </message>
    <message numerus="yes">
        <source>%n break-glass access(es) wait for your review.</source>
        <translation>
            <numerusform>%n acceso de emergencia espera su revisión.</numerusform>
            <numerusform>%n accesos de emergencia esperan su revisión.</numerusform>
        </translation>
    </message>
    <message>
        <source>Break the Glass</source>
        <translation>Acceso de emergencia</translation>
    </message>
    <message>
        <source>&lt;b&gt;Access beyond your role&lt;/b&gt; to patient %1. Say why: a supervisor is told now and reviews it. Every record you open is on the audit trail.</source>
        <translation>&lt;b&gt;Acceso más allá de su rol&lt;/b&gt; al paciente %1. Indique el motivo: se avisa ahora a la supervisión, que lo revisa. Cada registro que abra queda en el registro de auditoría.</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Motivo:</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>Durante:</translation>
    </message>
    <message>
        <source>BREAK-GLASS ACCESS to patient %1 until %2. Reason: %3. Supervisors have been notified and will review it.</source>
        <translation>ACCESO DE EMERGENCIA al paciente %1 hasta %2. Motivo: %3. Se ha avisado a la supervisión, que lo revisará.</translation>
    </message>
</context>
<context>
    <name>CareDesk::SignInDialog</name>
    <message>
        <source>CareDesk Sign In</source>
        <translation>Inicio de sesión en CareDesk</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Sign in to CareDesk&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Iniciar sesión en CareDesk&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>6 digits from your app, or a recovery code</source>
        <translation>6 dígitos de su aplicación, o un código de recuperación</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Nombre de usuario:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Contraseña:</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Código:</translation>
    </message>
    <message>
        <source>Sign In as Someone Else</source>
        <translation>Iniciar sesión como otra persona</translation>
    </message>
    <message>
        <source>Sign In</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Sign in to CareDesk&lt;/h2&gt;&lt;p&gt;The locked session stays as it was, hidden, until its user unlocks it.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Iniciar sesión en CareDesk&lt;/h2&gt;&lt;p&gt;La sesión bloqueada sigue como estaba, oculta, hasta que su usuario la desbloquee.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Set up your second factor&lt;/h2&gt;&lt;p&gt;Scan this code with an authenticator app, then type the six digits it shows.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Configure su segundo factor&lt;/h2&gt;&lt;p&gt;Escanee este código con una aplicación de autenticación y escriba los seis dígitos que muestre.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Code from the app:</source>
        <translation>Código de la aplicación:</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirmar</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Your recovery codes&lt;/h2&gt;&lt;p&gt;Each one signs you in once instead of a code, if you lose your phone. Write them down and keep them safe: they are not shown again.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Sus códigos de recuperación&lt;/h2&gt;&lt;p&gt;Cada uno le permite iniciar sesión una vez en lugar de un código, si pierde el teléfono. Anótelos y guárdelos en lugar seguro: no se volverán a mostrar.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>I Have Kept Them</source>
        <translation>Ya los he guardado</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to CareDesk&lt;/h2&gt;&lt;p&gt;This workstation has no users yet. Create the administrator: the account that adds the other users. Next you set up its second factor with an authenticator app.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Bienvenido a CareDesk&lt;/h2&gt;&lt;p&gt;Este puesto aún no tiene usuarios. Cree el administrador: la cuenta que da de alta a los demás usuarios. Después configurará su segundo factor con una aplicación de autenticación.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>for example admin.lee</source>
        <translation>por ejemplo admin.lee</translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation>al menos %1 caracteres</translation>
    </message>
    <message>
        <source>Administrator name:</source>
        <translation>Nombre del administrador:</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>Repita la contraseña:</translation>
    </message>
    <message>
        <source>Create Administrator</source>
        <translation>Crear administrador</translation>
    </message>
    <message>
        <source>CareDesk First Run</source>
        <translation>Primer inicio de CareDesk</translation>
    </message>
    <message>
        <source>The two passwords differ; type the same password twice.</source>
        <translation>Las dos contraseñas no coinciden; escriba la misma contraseña dos veces.</translation>
    </message>
    <message>
        <source>&lt;b&gt;DEMO SITE: these make-believe accounts exist only here, for trying CareDesk. Never on a real site.&lt;/b&gt;</source>
        <translation>&lt;b&gt;CENTRO DE DEMOSTRACIÓN: estas cuentas ficticias solo existen aquí, para probar CareDesk. Nunca en un centro real.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;small&gt;Codes change every 30 seconds.&lt;/small&gt;</source>
        <translation>&lt;br&gt;&lt;small&gt;Los códigos cambian cada 30 segundos.&lt;/small&gt;</translation>
    </message>
    <message>
        <source>CareDesk Locked</source>
        <translation>CareDesk bloqueado</translation>
    </message>
    <message>
        <source>&lt;h2&gt;CareDesk is locked&lt;/h2&gt;&lt;p&gt;%1&apos;s session is hidden. Enter the password to unlock it.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;CareDesk está bloqueado&lt;/h2&gt;&lt;p&gt;La sesión de %1 está oculta. Introduzca la contraseña para desbloquearla.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Clave: %1</translation>
    </message>
</context>
<context>
    <name>CareDesk::SourceRecordDialog</name>
    <message>
        <source>Source Record %1/%2</source>
        <translation>Registro de origen %1/%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br/&gt;%2 · %3 · status %4 · from %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br/&gt;%2 · %3 · estado %4 · de %5</translation>
    </message>
    <message>
        <source>undated</source>
        <translation>sin fecha</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
</context>
<context>
    <name>CareDesk::SyncMenu</name>
    <message>
        <source>Sync &amp;Now</source>
        <translation>Sincronizar &amp;ahora</translation>
    </message>
    <message>
        <source>&amp;Outbox and Dead Letters…</source>
        <translation>&amp;Bandeja de salida y mensajes fallidos…</translation>
    </message>
    <message>
        <source>FHIR &amp;Server…</source>
        <translation>&amp;Servidor FHIR…</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Sincronización</translation>
    </message>
    <message>
        <source>Your Change Was Not Applied</source>
        <translation>Su cambio no se aplicó</translation>
    </message>
    <message>
        <source>The Outbox and Dead Letters window keeps both versions.</source>
        <translation>La ventana Bandeja de salida y mensajes fallidos conserva ambas versiones.</translation>
    </message>
    <message>
        <source>FHIR Sync Not Started</source>
        <translation>La sincronización FHIR no se inició</translation>
    </message>
</context>
<context>
    <name>CareDesk::SyncStatusLabel</name>
    <message>
        <source>Not connected to a FHIR server</source>
        <translation>Sin conexión con un servidor FHIR</translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#b00020&quot;&gt;Offline&lt;/b&gt;: actions are queued</source>
        <translation>&lt;b style=&quot;color:#b00020&quot;&gt;Sin conexión&lt;/b&gt;: las acciones quedan en cola</translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#1b5e20&quot;&gt;Online&lt;/b&gt;</source>
        <translation>&lt;b style=&quot;color:#1b5e20&quot;&gt;Conectado&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Syncing…&lt;/b&gt;</source>
        <translation>&lt;b&gt;Sincronizando…&lt;/b&gt;</translation>
    </message>
    <message>
        <source>no complete sync yet</source>
        <translation>aún no hay ninguna sincronización completa</translation>
    </message>
    <message numerus="yes">
        <source>last good sync %n s ago</source>
        <translation>
            <numerusform>última sincronización correcta hace %n s</numerusform>
            <numerusform>última sincronización correcta hace %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last good sync %n min ago</source>
        <translation>
            <numerusform>última sincronización correcta hace %n min</numerusform>
            <numerusform>última sincronización correcta hace %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last good sync %n h ago</source>
        <translation>
            <numerusform>última sincronización correcta hace %n h</numerusform>
            <numerusform>última sincronización correcta hace %n h</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;last sync incomplete&lt;/b&gt;</source>
        <translation>&lt;b&gt;última sincronización incompleta&lt;/b&gt;</translation>
    </message>
    <message>
        <source>outbox: %1 waiting, %2 failed, %3 dead</source>
        <translation>bandeja de salida: %1 en espera, %2 fallidos, %3 definitivos</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;this computer&apos;s clock is %n s off the server&apos;s&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;el reloj de este equipo difiere %n s del servidor&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;el reloj de este equipo difiere %n s del servidor&lt;/b&gt;</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CareDesk::TriageQueueModel</name>
    <message>
        <source>▲ Emergent</source>
        <translation>▲ Emergente</translation>
    </message>
    <message>
        <source>◆ Urgent</source>
        <translation>◆ Urgente</translation>
    </message>
    <message>
        <source>● Routine</source>
        <translation>● Rutina</translation>
    </message>
    <message>
        <source>%1 left</source>
        <extracomment>Deadline column: time left to acknowledge, or how long ago the deadline passed.</extracomment>
        <translation>quedan %1</translation>
    </message>
    <message>
        <source>OVERDUE %1</source>
        <translation>VENCIDO hace %1</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Confirmado</translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation>Asignado</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resuelto</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abierto</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>review: %1</source>
        <translation>revisión: %1</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Evidencia</translation>
    </message>
    <message>
        <source>Master ID %1</source>
        <translation>ID maestro %1</translation>
    </message>
    <message>
        <source>Sent by the patient: %1</source>
        <translation>Enviado por el paciente: %1</translation>
    </message>
    <message>
        <source>Acknowledge within</source>
        <translation>Plazo de confirmación</translation>
    </message>
    <message>
        <source>Claimed, raised</source>
        <translation>Asignado, elevado</translation>
    </message>
    <message>
        <source>Journey: %1</source>
        <translation>Recorrido: %1</translation>
    </message>
    <message>
        <source>[masked] %1</source>
        <translation>[oculto] %1</translation>
    </message>
    <message>
        <source>Possible adverse event: the report is due %1 (15 days after CareDesk first received it).</source>
        <translation>Posible acontecimiento adverso: la notificación vence %1 (15 días después de que CareDesk lo recibiera por primera vez).</translation>
    </message>
    <message>
        <source>Program: %1</source>
        <translation>Programa: %1</translation>
    </message>
    <message>
        <source>Attention</source>
        <extracomment>Queue column: adverse-event clock, raised tier, escalation, number of replies.</extracomment>
        <translation>Atención</translation>
    </message>
    <message numerus="yes">
        <source>AE report in %n d</source>
        <translation>
            <numerusform>Notif. AA en %n d</numerusform>
            <numerusform>Notif. AA en %n d</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>AE report %n d late</source>
        <translation>
            <numerusform>Notif. AA con %n d de retraso</numerusform>
            <numerusform>Notif. AA con %n d de retraso</numerusform>
        </translation>
    </message>
    <message>
        <source>escalated to %1</source>
        <translation>escalado a %1</translation>
    </message>
    <message>
        <source>raised</source>
        <translation>elevado</translation>
    </message>
    <message numerus="yes">
        <source>%n replies</source>
        <translation>
            <numerusform>%n respuesta</numerusform>
            <numerusform>%n respuestas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Disposition</name>
    <message>
        <source>Directed to emergency services</source>
        <translation>Derivado a urgencias</translation>
    </message>
    <message>
        <source>Called the patient, advice given</source>
        <translation>Se llamó al paciente y se le aconsejó</translation>
    </message>
    <message>
        <source>Escalated to the prescriber</source>
        <translation>Escalado al prescriptor</translation>
    </message>
    <message>
        <source>Visit or callback scheduled</source>
        <translation>Visita o llamada programada</translation>
    </message>
    <message>
        <source>Reported as a possible adverse event</source>
        <translation>Notificado como posible acontecimiento adverso</translation>
    </message>
    <message>
        <source>Reviewed, no action needed</source>
        <translation>Revisado, no requiere actuación</translation>
    </message>
    <message>
        <source>Could not reach the patient</source>
        <translation>No se pudo contactar con el paciente</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>CareDesk triage workstation</source>
        <translation>Puesto de triaje CareDesk</translation>
    </message>
    <message>
        <source>Cache folder (default: app data).</source>
        <translation>Carpeta de la caché (por defecto: datos de la aplicación).</translation>
    </message>
    <message>
        <source>Do not load the embedded demo site.</source>
        <translation>No cargar el centro de demostración integrado.</translation>
    </message>
    <message>
        <source>Save a picture of the main window to FILE once the queue and the top item are shown, then quit.</source>
        <translation>Guardar una imagen de la ventana principal en FILE en cuanto se muestren la cola y el primer elemento, y salir.</translation>
    </message>
    <message>
        <source>CareDesk Cannot Start</source>
        <translation>CareDesk no puede iniciarse</translation>
    </message>
    <message>
        <source>Take the cache key from FILE (owner-only) instead of the system keychain.</source>
        <translation>Tomar la clave de la caché de FILE (solo del propietario) en lugar del llavero del sistema.</translation>
    </message>
    <message>
        <source>Sign in from an owner-only FILE (user=, password=, totp-secret=) instead of the sign-in screen.</source>
        <translation>Iniciar sesión desde un FILE solo del propietario (user=, password=, totp-secret=) en lugar de la pantalla de inicio de sesión.</translation>
    </message>
    <message>
        <source>CareDesk Cache Damaged</source>
        <translation>Caché de CareDesk dañada</translation>
    </message>
    <message>
        <source>Cache file checked: every page is intact.</source>
        <translation>Archivo de caché comprobado: todas las páginas están intactas.</translation>
    </message>
    <message>
        <source>This cache has no users yet. Create the administrator in CareDesk&apos;s first-run form, or with &quot;caredesk-cli --data-dir %1 init --admin NAME --password-file FILE&quot;.</source>
        <translation>Esta caché aún no tiene usuarios. Cree el administrador en el formulario de primer inicio de CareDesk, o con «caredesk-cli --data-dir %1 init --admin NAME --password-file FILE».</translation>
    </message>
    <message>
        <source>Set up the second factor first.</source>
        <translation>Configure primero el segundo factor.</translation>
    </message>
    <message>
        <source>Alerts: %1</source>
        <translation>Alertas: %1</translation>
    </message>
    <message>
        <source>The HL7 feed did not start: %1</source>
        <translation>El canal HL7 no se inició: %1</translation>
    </message>
    <message>
        <source>SMS webhook secret</source>
        <translation>Secreto del webhook de SMS</translation>
    </message>
    <message>
        <source>Taking text messages from the SMS gateway on port %1.</source>
        <translation>Recibiendo mensajes de texto de la pasarela SMS en el puerto %1.</translation>
    </message>
    <message>
        <source>The SMS webhook is not running: %1</source>
        <translation>El webhook de SMS no está en marcha: %1</translation>
    </message>
</context>
</TS>
