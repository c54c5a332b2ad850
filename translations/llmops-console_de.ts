<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DashboardRange</name>
    <message>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
</context>
<context>
    <name>Endpoint</name>
    <message>
        <source>A header has no name.</source>
        <translation>Ein Header hat keinen Namen.</translation>
    </message>
    <message>
        <source>Header name &quot;%1&quot; may hold only letters, digits and !#$%&amp;&apos;*+-.^_`|~.</source>
        <translation>Der Header-Name „%1“ darf nur Buchstaben, Ziffern und !#$%&amp;&apos;*+-.^_`|~ enthalten.</translation>
    </message>
    <message>
        <source>Header %1 is set by the console itself and cannot be changed.</source>
        <translation>Den Header %1 setzt die Konsole selbst; er lässt sich nicht ändern.</translation>
    </message>
    <message>
        <source>Header %1 looks like a credential; give the key through an environment variable.</source>
        <translation>Der Header %1 sieht nach Zugangsdaten aus; geben Sie den Schlüssel über eine Umgebungsvariable an.</translation>
    </message>
    <message>
        <source>The value of header %1 holds a line break or control character.</source>
        <translation>Der Wert des Headers %1 enthält einen Zeilenumbruch oder ein Steuerzeichen.</translation>
    </message>
    <message>
        <source>The name is empty.</source>
        <translation>Der Name ist leer.</translation>
    </message>
    <message>
        <source>The name must be at most %1 characters, without tabs, line breaks or other invisible characters.</source>
        <translation>Der Name darf höchstens %1 Zeichen lang sein, ohne Tabulatoren, Zeilenumbrüche oder andere unsichtbare Zeichen.</translation>
    </message>
    <message>
        <source>The base URL must be an http:// or https:// URL with a host.</source>
        <translation>Die Basis-URL muss eine http://- oder https://-URL mit Host sein.</translation>
    </message>
    <message>
        <source>Ollama&apos;s base URL is the server root (http://host:11434), without /v1.</source>
        <translation>Die Basis-URL von Ollama ist die Server-Wurzel (http://host:11434), ohne /v1.</translation>
    </message>
    <message>
        <source>The model is empty or holds invisible characters.</source>
        <translation>Das Modell ist leer oder enthält unsichtbare Zeichen.</translation>
    </message>
    <message>
        <source>The probe prompt is empty.</source>
        <translation>Der Prüfprompt ist leer.</translation>
    </message>
    <message>
        <source>The base URL carries credentials; give the key through an environment variable.</source>
        <translation>Die Basis-URL enthält Zugangsdaten; geben Sie den Schlüssel über eine Umgebungsvariable an.</translation>
    </message>
    <message>
        <source>The API key reference must be the name of an environment variable (such as OPENAI_API_KEY), not a key.</source>
        <translation>Der API-Schlüsselverweis muss der Name einer Umgebungsvariablen sein (etwa OPENAI_API_KEY), kein Schlüssel.</translation>
    </message>
    <message>
        <source>The probe interval must be between one second and one day.</source>
        <translation>Das Prüfintervall muss zwischen einer Sekunde und einem Tag liegen.</translation>
    </message>
    <message>
        <source>Max tokens must be between 1 and %1.</source>
        <translation>Max. Tokens muss zwischen 1 und %1 liegen.</translation>
    </message>
    <message>
        <source>The timeout must be between one second and one hour.</source>
        <translation>Das Zeitlimit muss zwischen einer Sekunde und einer Stunde liegen.</translation>
    </message>
    <message>
        <source>The metrics URL must be an http:// or https:// URL with a host.</source>
        <translation>Die Metrik-URL muss eine http://- oder https://-URL mit Host sein.</translation>
    </message>
    <message>
        <source>The metrics URL carries credentials; give the token through an environment variable.</source>
        <translation>Die Metrik-URL enthält Zugangsdaten; geben Sie das Token über eine Umgebungsvariable an.</translation>
    </message>
    <message>
        <source>The metrics interval must be between one second and one day (0 turns it off).</source>
        <translation>Das Metrikintervall muss zwischen einer Sekunde und einem Tag liegen (0 schaltet es ab).</translation>
    </message>
    <message>
        <source>The metrics token reference must be the name of an environment variable, not a token.</source>
        <translation>Der Metrik-Tokenverweis muss der Name einer Umgebungsvariablen sein, kein Token.</translation>
    </message>
</context>
<context>
    <name>EndpointHealth</name>
    <message>
        <source>up</source>
        <translation>verfügbar</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>beeinträchtigt</translation>
    </message>
    <message>
        <source>down</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <source>no probes yet</source>
        <translation>noch nicht geprüft</translation>
    </message>
</context>
<context>
    <name>PromptText</name>
    <message>
        <source>Variables</source>
        <translation>Variablen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Default endpoint</source>
        <translation>Standard-Endpunkt</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Last probe %1: %2 ms</source>
        <translation>Letzte Prüfung %1: %2 ms</translation>
    </message>
    <message>
        <source>Measured from traces</source>
        <translation>Aus Traces gemessen</translation>
    </message>
    <message>
        <source>Last traced call %1: %2 ms</source>
        <translation>Letzter Aufruf aus Traces %1: %2 ms</translation>
    </message>
    <message>
        <source>server default</source>
        <translation>Server-Standard</translation>
    </message>
    <message>
        <source>temperature %1</source>
        <translation>Temperatur %1</translation>
    </message>
    <message>
        <source>top p %1</source>
        <translation>Top-p %1</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>max. %1</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>Seed %1</translation>
    </message>
    <message numerus="yes">
        <source>%n stop(s)</source>
        <translation>
            <numerusform>%n Stoppsequenz</numerusform>
            <numerusform>%n Stoppsequenzen</numerusform>
        </translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>JSON schema</source>
        <translation>JSON-Schema</translation>
    </message>
    <message>
        <source>tools</source>
        <translation>Tools</translation>
    </message>
    <message>
        <source>server defaults</source>
        <translation>Server-Standardwerte</translation>
    </message>
</context>
<context>
    <name>ServerCatalog</name>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Requests running and waiting</source>
        <translation>Laufende und wartende Anfragen</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>running</source>
        <translation>laufend</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartend</translation>
    </message>
    <message>
        <source>KV-cache use</source>
        <translation>KV-Cache-Belegung</translation>
    </message>
    <message>
        <source>used</source>
        <translation>belegt</translation>
    </message>
    <message>
        <source>Token throughput</source>
        <translation>Token-Durchsatz</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>generation</source>
        <translation>Generierung</translation>
    </message>
    <message>
        <source>Preemptions</source>
        <translation>Verdrängungen</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>pro Sekunde</translation>
    </message>
    <message>
        <source>preemptions</source>
        <translation>Verdrängungen</translation>
    </message>
    <message>
        <source>Server time to first token</source>
        <translation>Zeit bis zum ersten Token (Server)</translation>
    </message>
    <message>
        <source>Inter-token latency</source>
        <translation>Latenz zwischen Tokens</translation>
    </message>
    <message>
        <source>End-to-end latency</source>
        <translation>Gesamtlatenz</translation>
    </message>
    <message>
        <source>Queue time</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>Requests processing and deferred</source>
        <translation>Bearbeitete und zurückgestellte Anfragen</translation>
    </message>
    <message>
        <source>processing</source>
        <translation>in Bearbeitung</translation>
    </message>
    <message>
        <source>deferred</source>
        <translation>zurückgestellt</translation>
    </message>
    <message>
        <source>cache hits</source>
        <translation>Cache-Treffer</translation>
    </message>
    <message>
        <source>quantile</source>
        <translation>Quantil</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>TracesPage</name>
    <message>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
</context>
<context>
    <name>llmops::AddToDatasetDialog</name>
    <message>
        <source>Add to dataset</source>
        <translation>Zum Datensatz hinzufügen</translation>
    </message>
    <message>
        <source>%1 becomes an item of the dataset&apos;s next version, its answer the expected output. A new name makes a new dataset.</source>
        <translation>%1 wird ein Eintrag der nächsten Version des Datensatzes, seine Antwort die erwartete Ausgabe. Ein neuer Name legt einen neuen Datensatz an.</translation>
    </message>
    <message>
        <source>letters, digits and - _ .</source>
        <translation>Buchstaben, Ziffern und - _ .</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>&amp;Datensatz:</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>A name has 1 to 64 letters, digits, and - _ . (no spaces, no @).</source>
        <translation>Ein Name besteht aus 1 bis 64 Buchstaben, Ziffern und - _ . (ohne Leerzeichen, ohne @).</translation>
    </message>
</context>
<context>
    <name>llmops::ChatParametersDialog</name>
    <message>
        <source>Column parameters</source>
        <translation>Spaltenparameter</translation>
    </message>
    <message>
        <source>server default</source>
        <translation>Server-Standard</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>One stop sequence per line</source>
        <translation>Eine Stoppsequenz pro Zeile</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>JSON object</source>
        <translation>JSON-Objekt</translation>
    </message>
    <message>
        <source>JSON schema</source>
        <translation>JSON-Schema</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <source>Top &amp;p:</source>
        <translation>Top-&amp;p:</translation>
    </message>
    <message>
        <source>&amp;Max tokens:</source>
        <translation>&amp;Max. Tokens:</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>S&amp;eed:</translation>
    </message>
    <message>
        <source>&amp;Stop sequences:</source>
        <translation>&amp;Stoppsequenzen:</translation>
    </message>
    <message>
        <source>&amp;Response format:</source>
        <translation>Antwort&amp;format:</translation>
    </message>
    <message>
        <source>JSON sc&amp;hema:</source>
        <translation>JSON-Sc&amp;hema:</translation>
    </message>
    <message>
        <source>T&amp;ools (JSON):</source>
        <translation>T&amp;ools (JSON):</translation>
    </message>
    <message>
        <source>The JSON schema must be a JSON object.</source>
        <translation>Das JSON-Schema muss ein JSON-Objekt sein.</translation>
    </message>
    <message>
        <source>The tools must be a JSON array of tool definitions.</source>
        <translation>Die Tools müssen ein JSON-Array von Tool-Definitionen sein.</translation>
    </message>
</context>
<context>
    <name>llmops::DashboardPage</name>
    <message>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>&amp;Range:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>Verfügbarkeit</translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation>Latenz p95</translation>
    </message>
    <message>
        <source>Time to first token p95</source>
        <translation>Zeit bis zum ersten Token p95</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Fehlerquote</translation>
    </message>
    <message>
        <source>Decode tokens/s</source>
        <translation>Decodierung Tokens/s</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>Zeit bis zum ersten Token</translation>
    </message>
    <message>
        <source>Decode rate</source>
        <translation>Decodierrate</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Requests and errors</source>
        <translation>Anfragen und Fehler</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Aktualisiert %1</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n Anfrage</numerusform>
            <numerusform>%n Anfragen</numerusform>
        </translation>
    </message>
    <message>
        <source>p50 %1</source>
        <translation>p50 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n Fehler</numerusform>
            <numerusform>%n Fehler</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n output token(s)</source>
        <translation>
            <numerusform>%n Ausgabetoken</numerusform>
            <numerusform>%n Ausgabetokens</numerusform>
        </translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Fehlschläge</translation>
    </message>
    <message>
        <source>&lt;b&gt;Failures&lt;/b&gt;</source>
        <translation>&lt;b&gt;Fehlschläge&lt;/b&gt;</translation>
    </message>
    <message>
        <source>none in this range</source>
        <translation>keine in diesem Zeitraum</translation>
    </message>
    <message>
        <source>%1 (the newest %2 listed)</source>
        <translation>%1 (die neuesten %2 aufgeführt)</translation>
    </message>
    <message>
        <source>Readout at the cursor</source>
        <translation>Werte am Mauszeiger</translation>
    </message>
    <message>
        <source>Point at a chart to read every figure at that time.</source>
        <translation>Zeigen Sie auf ein Diagramm, um alle Werte zu diesem Zeitpunkt zu lesen.</translation>
    </message>
    <message numerus="yes">
        <source>up · %n sample(s) · %1 ms at %2</source>
        <translation>
            <numerusform>erreichbar · %n Messwert · %1 ms um %2</numerusform>
            <numerusform>erreichbar · %n Messwerte · %1 ms um %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n problem(s) in the exposition</source>
        <translation>
            <numerusform> · %n Problem in der Ausgabe</numerusform>
            <numerusform> · %n Probleme in der Ausgabe</numerusform>
        </translation>
    </message>
    <message>
        <source>down at %1: %2</source>
        <translation>nicht erreichbar um %1: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Server%1&lt;/b&gt; — metrics %2</source>
        <translation>&lt;b&gt;Server%1&lt;/b&gt; — Metriken %2</translation>
    </message>
    <message>
        <source>latency p95 %1</source>
        <translation>Latenz p95 %1</translation>
    </message>
    <message>
        <source>TTFT p95 %1</source>
        <translation>TTFT p95 %1</translation>
    </message>
</context>
<context>
    <name>llmops::DatasetItemDialog</name>
    <message>
        <source>Edit item</source>
        <translation>Eintrag bearbeiten</translation>
    </message>
    <message>
        <source>Edit item %1</source>
        <translation>Eintrag %1 bearbeiten</translation>
    </message>
    <message>
        <source>Item (JSON)</source>
        <translation>Eintrag (JSON)</translation>
    </message>
    <message>
        <source>The edit is kept with the dataset&apos;s items until they are saved as a new version; the version shown stays as it is.</source>
        <translation>Die Änderung bleibt bei den Einträgen des Datensatzes, bis sie als neue Version gespeichert werden; die angezeigte Version bleibt, wie sie ist.</translation>
    </message>
    <message>
        <source>An item is one JSON object.</source>
        <translation>Ein Eintrag ist ein JSON-Objekt.</translation>
    </message>
</context>
<context>
    <name>llmops::DatasetItemModel</name>
    <message>
        <source>Edited; save the items as a new version to keep the change</source>
        <translation>Bearbeitet; die Einträge als neue Version speichern, um die Änderung zu behalten</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Erwartet</translation>
    </message>
</context>
<context>
    <name>llmops::DatasetVersionModel</name>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
</context>
<context>
    <name>llmops::EndpointDialog</name>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>OpenAI-compatible chat completions</source>
        <translation>OpenAI-kompatible Chat Completions</translation>
    </message>
    <message>
        <source>Ollama native chat</source>
        <translation>Ollama-eigene Chat-Schnittstelle</translation>
    </message>
    <message>
        <source>name of an environment variable, e.g. OPENAI_API_KEY</source>
        <translation>Name einer Umgebungsvariablen, z. B. OPENAI_API_KEY</translation>
    </message>
    <message>
        <source>One header a line: Name: value</source>
        <translation>Ein Header pro Zeile: Name: Wert</translation>
    </message>
    <message>
        <source>prod, staging, …</source>
        <translation>prod, staging, …</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>Base &amp;URL:</source>
        <translation>Basis-&amp;URL:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>API &amp;key variable:</source>
        <translation>API-&amp;Schlüsselvariable:</translation>
    </message>
    <message>
        <source>Extra &amp;headers:</source>
        <translation>Zusätzliche &amp;Header:</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>Umge&amp;bung:</translation>
    </message>
    <message>
        <source>Probe &amp;interval:</source>
        <translation>Prüf&amp;intervall:</translation>
    </message>
    <message>
        <source>Probe &amp;prompt:</source>
        <translation>Prüf&amp;prompt:</translation>
    </message>
    <message>
        <source>Max &amp;tokens:</source>
        <translation>Max. &amp;Tokens:</translation>
    </message>
    <message>
        <source>&amp;Timeout:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
    <message>
        <source>An endpoint named %1 already exists.</source>
        <translation>Ein Endpunkt namens %1 existiert bereits.</translation>
    </message>
    <message>
        <source>the server root&apos;s /metrics</source>
        <translation>/metrics an der Server-Wurzel</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>name of an environment variable holding a bearer token</source>
        <translation>Name einer Umgebungsvariablen mit einem Bearer-Token</translation>
    </message>
    <message>
        <source>Metri&amp;cs URL:</source>
        <translation>Metri&amp;k-URL:</translation>
    </message>
    <message>
        <source>Metrics inter&amp;val:</source>
        <translation>Metrikinter&amp;vall:</translation>
    </message>
    <message>
        <source>Metrics token varia&amp;ble:</source>
        <translation>Metrik-Tokenvariab&amp;le:</translation>
    </message>
</context>
<context>
    <name>llmops::EndpointPanel</name>
    <message>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <source>&amp;Add endpoint…</source>
        <translation>Endpunkt &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit endpoint…</source>
        <translation>Endpunkt &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Remove endpoint</source>
        <translation>Endpunkt &amp;entfernen</translation>
    </message>
</context>
<context>
    <name>llmops::EvalResultModel</name>
    <message>
        <source>No answer (%1): %2</source>
        <translation>Keine Antwort (%1): %2</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n. v.</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>durchgefallen</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Pass when every scorer passed the answer</source>
        <translation>Bestanden, wenn jeder Bewerter die Antwort bestehen ließ</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Wiederholung</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
</context>
<context>
    <name>llmops::EvalRunDialog</name>
    <message>
        <source>Run suite %1</source>
        <translation>Suite %1 ausführen</translation>
    </message>
    <message>
        <source>How many times each item is answered; with two or more the summary shows pass^N and the spread across repeats</source>
        <translation>Wie oft jeder Eintrag beantwortet wird; ab zwei zeigt die Zusammenfassung pass^N und die Streuung über die Wiederholungen</translation>
    </message>
    <message>
        <source>Answers in flight at once</source>
        <translation>Gleichzeitig laufende Antworten</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpunkt:</translation>
    </message>
    <message>
        <source>Re&amp;peats:</source>
        <translation>&amp;Wiederholungen:</translation>
    </message>
    <message>
        <source>&amp;Concurrency:</source>
        <translation>&amp;Parallelität:</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>No endpoint is registered; add one in the Endpoints menu.</source>
        <translation>Kein Endpunkt ist registriert; fügen Sie einen im Menü Endpunkte hinzu.</translation>
    </message>
</context>
<context>
    <name>llmops::EvalRunListModel</name>
    <message>
        <source>running</source>
        <translation>laufend</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) without a response</source>
        <translation>
            <numerusform>%n Antwort ohne Rückmeldung</numerusform>
            <numerusform>%n Antworten ohne Rückmeldung</numerusform>
        </translation>
    </message>
    <message>
        <source>Suite</source>
        <translation>Suite</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
</context>
<context>
    <name>llmops::EvalRunWorker</name>
    <message>
        <source>The store cannot be opened for evaluation runs: %1</source>
        <translation>Der Speicher kann für Evaluierungsläufe nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>The endpoint is no longer registered; choose another.</source>
        <translation>Der Endpunkt ist nicht mehr registriert; wählen Sie einen anderen.</translation>
    </message>
    <message>
        <source>The suite %1 cannot run: %2</source>
        <translation>Die Suite %1 kann nicht laufen: %2</translation>
    </message>
    <message>
        <source>The run could not be added: %1</source>
        <translation>Der Lauf konnte nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>The run cannot be read: %1</source>
        <translation>Der Lauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The evaluation run %1 is no longer in the store.</source>
        <translation>Der Evaluierungslauf %1 ist nicht mehr im Speicher.</translation>
    </message>
    <message>
        <source>The run is finished; there is nothing left to answer.</source>
        <translation>Der Lauf ist fertig; es bleibt nichts zu beantworten.</translation>
    </message>
    <message>
        <source>The run stopped: %1</source>
        <translation>Der Lauf wurde angehalten: %1</translation>
    </message>
</context>
<context>
    <name>llmops::EvalSummaryModel</name>
    <message>
        <source>%1 of %2 scored answers passed</source>
        <translation>%1 von %2 bewerteten Antworten bestanden</translation>
    </message>
    <message numerus="yes">
        <source>Of the %n item(s) scored in every repeat</source>
        <translation>
            <numerusform>Von %n Eintrag, der in jeder Wiederholung bewertet wurde</numerusform>
            <numerusform>Von %n Einträgen, die in jeder Wiederholung bewertet wurden</numerusform>
        </translation>
    </message>
    <message>
        <source>Mean score with its 95% interval, bootstrapped over items (an item&apos;s repeats are drawn together)</source>
        <translation>Mittlere Bewertung mit ihrem 95-%-Intervall, per Bootstrap über Einträge (die Wiederholungen eines Eintrags werden zusammen gezogen)</translation>
    </message>
    <message>
        <source>Share of scored answers that passed, with its Wilson 95% interval</source>
        <translation>Anteil der bewerteten Antworten, die bestanden, mit ihrem Wilson-95-%-Intervall</translation>
    </message>
    <message numerus="yes">
        <source>Share of items that passed in all %n repeat(s)</source>
        <translation>
            <numerusform>Anteil der Einträge, die in %n Wiederholung bestanden</numerusform>
            <numerusform>Anteil der Einträge, die in allen %n Wiederholungen bestanden</numerusform>
        </translation>
    </message>
    <message>
        <source>Mean over items of the highest minus the lowest score across repeats</source>
        <translation>Mittel über die Einträge aus höchster minus niedrigster Bewertung der Wiederholungen</translation>
    </message>
    <message>
        <source>Answers the scorer could not score, left out of its figures</source>
        <translation>Antworten, die der Bewerter nicht bewerten konnte; sie fehlen in seinen Zahlen</translation>
    </message>
    <message>
        <source>Scorer</source>
        <translation>Bewerter</translation>
    </message>
    <message>
        <source>Mean [95% CI]</source>
        <translation>Mittel [95-%-KI]</translation>
    </message>
    <message>
        <source>Pass rate [95% CI]</source>
        <translation>Bestehensquote [95-%-KI]</translation>
    </message>
    <message>
        <source>pass^%1</source>
        <translation>pass^%1</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>Streuung</translation>
    </message>
    <message>
        <source>Unscorable</source>
        <translation>Nicht bewertbar</translation>
    </message>
</context>
<context>
    <name>llmops::EvalTrendModel</name>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
</context>
<context>
    <name>llmops::EvalWorker</name>
    <message>
        <source>The store cannot be opened for evaluations: %1</source>
        <translation>Der Speicher kann für Evaluierungen nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>The datasets cannot be read: %1</source>
        <translation>Die Datensätze können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The items of the dataset cannot be read: %1</source>
        <translation>Die Einträge des Datensatzes können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is larger than 512 MiB; split it into smaller datasets.</source>
        <translation>%1 ist größer als 512 MiB; teilen Sie die Datei in kleinere Datensätze auf.</translation>
    </message>
    <message>
        <source>%1 holds no item that could be read; nothing was saved.</source>
        <translation>%1 enthält keinen lesbaren Eintrag; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>The store is not open, so the dataset was not saved.</source>
        <translation>Der Speicher ist nicht geöffnet, daher wurde der Datensatz nicht gespeichert.</translation>
    </message>
    <message>
        <source>Imported from %1</source>
        <translation>Importiert aus %1</translation>
    </message>
    <message>
        <source>The dataset version cannot be saved: %1</source>
        <translation>Die Version des Datensatzes kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The suites cannot be read: %1</source>
        <translation>Die Suiten können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The store is not open, so the suite was not saved.</source>
        <translation>Der Speicher ist nicht geöffnet, daher wurde die Suite nicht gespeichert.</translation>
    </message>
    <message>
        <source>The evaluation runs cannot be read: %1</source>
        <translation>Die Evaluierungsläufe können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The evaluation run cannot be read: %1</source>
        <translation>Der Evaluierungslauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The evaluation run %1 is no longer in the store.</source>
        <translation>Der Evaluierungslauf %1 ist nicht mehr im Speicher.</translation>
    </message>
    <message>
        <source>The suite&apos;s past runs cannot be read: %1</source>
        <translation>Die früheren Läufe der Suite können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The items cannot be added to the dataset: %1</source>
        <translation>Die Einträge können nicht zum Datensatz hinzugefügt werden: %1</translation>
    </message>
    <message>
        <source>%1 already holds this call.</source>
        <translation>%1 enthält diesen Aufruf bereits.</translation>
    </message>
    <message>
        <source>%1 already holds these calls.</source>
        <translation>%1 enthält diese Aufrufe bereits.</translation>
    </message>
</context>
<context>
    <name>llmops::EvaluationsPage</name>
    <message>
        <source>&amp;Import dataset…</source>
        <translation>Datensatz &amp;importieren…</translation>
    </message>
    <message>
        <source>Import a JSONL or CSV file as a dataset version</source>
        <translation>Eine JSONL- oder CSV-Datei als Version eines Datensatzes importieren</translation>
    </message>
    <message>
        <source>Edit the selected item; the edit is saved as a new version</source>
        <translation>Den gewählten Eintrag bearbeiten; die Änderung wird als neue Version gespeichert</translation>
    </message>
    <message>
        <source>&amp;Save as new version…</source>
        <translation>Als neue &amp;Version speichern…</translation>
    </message>
    <message>
        <source>Save the items with their edits as the dataset&apos;s next version</source>
        <translation>Die Einträge mit ihren Änderungen als nächste Version des Datensatzes speichern</translation>
    </message>
    <message>
        <source>&amp;New suite…</source>
        <translation>&amp;Neue Suite…</translation>
    </message>
    <message>
        <source>Write a suite for the selected dataset</source>
        <translation>Eine Suite für den gewählten Datensatz schreiben</translation>
    </message>
    <message>
        <source>&amp;Edit suite…</source>
        <translation>Suite &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the selected suite&apos;s definition</source>
        <translation>Die Definition der gewählten Suite bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Run suite…</source>
        <translation>Suite &amp;ausführen…</translation>
    </message>
    <message>
        <source>Run the selected suite on an endpoint</source>
        <translation>Die gewählte Suite auf einem Endpunkt ausführen</translation>
    </message>
    <message>
        <source>Res&amp;ume run</source>
        <translation>Lauf &amp;fortsetzen</translation>
    </message>
    <message>
        <source>Answer what the selected run still lacks</source>
        <translation>Beantworten, was dem gewählten Lauf noch fehlt</translation>
    </message>
    <message>
        <source>&amp;Cancel run</source>
        <translation>Lauf abbre&amp;chen</translation>
    </message>
    <message>
        <source>Stop the run going now; it can be resumed</source>
        <translation>Den laufenden Lauf anhalten; er kann fortgesetzt werden</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <source>Lines the import left out</source>
        <translation>Zeilen, die der Import ausgelassen hat</translation>
    </message>
    <message>
        <source>&lt;b&gt;Datasets&lt;/b&gt;</source>
        <translation>&lt;b&gt;Datensätze&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Items of the dataset</source>
        <translation>Einträge des Datensatzes</translation>
    </message>
    <message>
        <source>&lt;b&gt;Items&lt;/b&gt;</source>
        <translation>&lt;b&gt;Einträge&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Suites</source>
        <translation>Suiten</translation>
    </message>
    <message>
        <source>&lt;b&gt;Suites&lt;/b&gt;</source>
        <translation>&lt;b&gt;Suiten&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>&lt;b&gt;Runs&lt;/b&gt;</source>
        <translation>&lt;b&gt;Läufe&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No run selected</source>
        <translation>Kein Lauf gewählt</translation>
    </message>
    <message>
        <source>Run progress</source>
        <translation>Fortschritt des Laufs</translation>
    </message>
    <message>
        <source>Summary by scorer</source>
        <translation>Zusammenfassung je Bewerter</translation>
    </message>
    <message>
        <source>95% intervals: the mean&apos;s bootstrapped over items (an item&apos;s repeats drawn together), the pass rate&apos;s by Wilson. pass^N: items passed in all N repeats.</source>
        <translation>95-%-Intervalle: das des Mittels per Bootstrap über Einträge (die Wiederholungen eines Eintrags zusammen gezogen), das der Bestehensquote nach Wilson. pass^N: Einträge, die in allen N Wiederholungen bestanden.</translation>
    </message>
    <message>
        <source>The selected answer</source>
        <translation>Die gewählte Antwort</translation>
    </message>
    <message>
        <source>Select an answer to read its input, output and every scorer&apos;s reason.</source>
        <translation>Wählen Sie eine Antwort, um Eingabe, Ausgabe und die Begründung jedes Bewerters zu lesen.</translation>
    </message>
    <message>
        <source>Verdicts of</source>
        <translation>Urteile von</translation>
    </message>
    <message>
        <source>All scorers</source>
        <translation>Alle Bewerter</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Any verdict</source>
        <translation>Jedes Urteil</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Durchgefallen</translation>
    </message>
    <message>
        <source>Unscorable</source>
        <translation>Nicht bewertbar</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n answer(s)</source>
        <translation>
            <numerusform>%1 von %n Antwort</numerusform>
            <numerusform>%1 von %n Antworten</numerusform>
        </translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>&lt;b&gt;Answers&lt;/b&gt;</source>
        <translation>&lt;b&gt;Antworten&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Scorer charted</source>
        <translation>Gezeichneter Bewerter</translation>
    </message>
    <message>
        <source>Mean score per finished run</source>
        <translation>Mittlere Bewertung je fertigem Lauf</translation>
    </message>
    <message>
        <source>&lt;b&gt;Trend&lt;/b&gt; of the suite, mean score of</source>
        <translation>&lt;b&gt;Verlauf&lt;/b&gt; der Suite, mittlere Bewertung von</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n item(s) as %1@%2.</source>
        <translation>
            <numerusform>%n Eintrag als %1@%2 gespeichert.</numerusform>
            <numerusform>%n Einträge als %1@%2 gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the suite %1.</source>
        <translation>Die Suite %1 wurde gespeichert.</translation>
    </message>
    <message>
        <source>The suite %1 was not saved: %2</source>
        <translation>Die Suite %1 wurde nicht gespeichert: %2</translation>
    </message>
    <message>
        <source>Import a dataset</source>
        <translation>Einen Datensatz importieren</translation>
    </message>
    <message>
        <source>Datasets (*.jsonl *.ndjson *.csv);;All files (*)</source>
        <translation>Datensätze (*.jsonl *.ndjson *.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save the items of %1 as a version of the dataset:</source>
        <translation>Die Einträge von %1 als Version dieses Datensatzes speichern:</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a dataset name: use 1 to 64 letters, digits, and - _ .</source>
        <translation>„%1“ ist kein Name für einen Datensatz: verwenden Sie 1 bis 64 Buchstaben, Ziffern und - _ .</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 wird importiert…</translation>
    </message>
    <message>
        <source>Nothing was imported from %1: %2</source>
        <translation>Aus %1 wurde nichts importiert: %2</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n item(s) from %1 as %2@%3.</source>
        <translation>
            <numerusform>%n Eintrag aus %1 als %2@%3 importiert.</numerusform>
            <numerusform>%n Einträge aus %1 als %2@%3 importiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) could not be read and were left out; they are listed under the datasets.</source>
        <translation>
            <numerusform>%n Zeile war nicht lesbar und wurde ausgelassen; sie steht unter den Datensätzen.</numerusform>
            <numerusform>%n Zeilen waren nicht lesbar und wurden ausgelassen; sie stehen unter den Datensätzen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unsaved edits</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message numerus="yes">
        <source>Drop the edits to %n item(s) of %1@%2?</source>
        <translation>
            <numerusform>Die Änderung an %n Eintrag von %1@%2 verwerfen?</numerusform>
            <numerusform>Die Änderungen an %n Einträgen von %1@%2 verwerfen?</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Items of %1@%2&lt;/b&gt;</source>
        <translation>&lt;b&gt;Einträge von %1@%2&lt;/b&gt;</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) edited; save them as a new version (Ctrl+S) to keep the change.</source>
        <translation>
            <numerusform>%n Eintrag bearbeitet; speichern Sie ihn als neue Version (Strg+S), um die Änderung zu behalten.</numerusform>
            <numerusform>%n Einträge bearbeitet; speichern Sie sie als neue Version (Strg+S), um die Änderung zu behalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save as new version</source>
        <translation>Als neue Version speichern</translation>
    </message>
    <message>
        <source>What changed in %1, for whoever reads the versions:</source>
        <translation>Was sich in %1 geändert hat, für alle, die die Versionen lesen:</translation>
    </message>
    <message numerus="yes">
        <source>Edited %n item(s)</source>
        <translation>
            <numerusform>%n Eintrag bearbeitet</numerusform>
            <numerusform>%n Einträge bearbeitet</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving %1 as a new version…</source>
        <translation>%1 wird als neue Version gespeichert…</translation>
    </message>
    <message>
        <source>Starting a run of %1…</source>
        <translation>Ein Lauf von %1 wird gestartet…</translation>
    </message>
    <message>
        <source>Resuming the run…</source>
        <translation>Der Lauf wird fortgesetzt…</translation>
    </message>
    <message>
        <source>Cancelling the run; what it has answered stays stored.</source>
        <translation>Der Lauf wird abgebrochen; was er beantwortet hat, bleibt gespeichert.</translation>
    </message>
    <message>
        <source>Running %1 on %2…</source>
        <translation>%1 läuft auf %2…</translation>
    </message>
    <message numerus="yes">
        <source>The run finished with %n answer(s).</source>
        <translation>
            <numerusform>Der Lauf ist mit %n Antwort fertig.</numerusform>
            <numerusform>Der Lauf ist mit %n Antworten fertig.</numerusform>
        </translation>
    </message>
    <message>
        <source>The run was cancelled after %1 of %2 answers; Resume carries on where it stopped.</source>
        <translation>Der Lauf wurde nach %1 von %2 Antworten abgebrochen; Fortsetzen macht dort weiter, wo er stehen blieb.</translation>
    </message>
    <message>
        <source>%1 on %2 · %3 — %4, started %5</source>
        <translation>%1 auf %2 · %3 — %4, gestartet %5</translation>
    </message>
    <message>
        <source>%1 of %2 answers (%3 items × %4 repeats)</source>
        <translation>%1 von %2 Antworten (%3 Einträge × %4 Wiederholungen)</translation>
    </message>
    <message numerus="yes">
        <source>%n failed request(s)</source>
        <translation>
            <numerusform>%n fehlgeschlagene Anfrage</numerusform>
            <numerusform>%n fehlgeschlagene Anfragen</numerusform>
        </translation>
    </message>
    <message>
        <source>tokens %1 in, %2 out</source>
        <translation>Tokens %1 ein, %2 aus</translation>
    </message>
    <message>
        <source>Latency p50 %1 · p95 %2</source>
        <translation>Latenz p50 %1 · p95 %2</translation>
    </message>
    <message>
        <source>cost $%1 (%2 of %3 answers priced)</source>
        <translation>Kosten $%1 (%2 von %3 Antworten mit Preis)</translation>
    </message>
    <message>
        <source>cost unknown: no price for %1</source>
        <translation>Kosten unbekannt: kein Preis für %1</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>das Modell</translation>
    </message>
    <message>
        <source>Item %1, repeat %2</source>
        <translation>Eintrag %1, Wiederholung %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n attempt(s)</source>
        <translation>
            <numerusform>%1 · %n Versuch</numerusform>
            <numerusform>%1 · %n Versuche</numerusform>
        </translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Erwartet</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>not scorable</source>
        <translation>nicht bewertbar</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>durchgefallen</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <source>%1 of %2 answers (%p%)</source>
        <translation>%1 von %2 Antworten (%p %)</translation>
    </message>
    <message>
        <source>mean score</source>
        <translation>mittlere Bewertung</translation>
    </message>
    <message>
        <source>Select a suite to see its trend</source>
        <translation>Wählen Sie eine Suite, um ihren Verlauf zu sehen</translation>
    </message>
    <message>
        <source>No finished run of %1 yet</source>
        <translation>Noch kein fertiger Lauf von %1</translation>
    </message>
    <message>
        <source>Mean %1 score of %2, one point a finished run</source>
        <translation>Mittlere Bewertung %1 von %2, ein Punkt je fertigem Lauf</translation>
    </message>
    <message>
        <source>Edit i&amp;tem…</source>
        <translation>&amp;Eintrag bearbeiten…</translation>
    </message>
</context>
<context>
    <name>llmops::FailureListModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Retry after</source>
        <translation>Erneut nach</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
</context>
<context>
    <name>llmops::MainWindow</name>
    <message>
        <source>LLMOps Console</source>
        <translation>LLMOps Console</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>Dash&amp;board</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Datenspeicher: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Endpoints</source>
        <translation>&amp;Endpunkte</translation>
    </message>
    <message>
        <source>&amp;Probe now</source>
        <translation>Jetzt &amp;prüfen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Show &amp;all endpoints</source>
        <translation>Alle Endpunkte &amp;zeigen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About LLMOps Console</source>
        <translation>Ü&amp;ber LLMOps Console</translation>
    </message>
    <message>
        <source>About LLMOps Console</source>
        <translation>Über LLMOps Console</translation>
    </message>
    <message>
        <source>&lt;b&gt;LLMOps Console&lt;/b&gt; %1&lt;br&gt;An operations console for large language models in production.</source>
        <translation>&lt;b&gt;LLMOps Console&lt;/b&gt; %1&lt;br&gt;Eine Betriebskonsole für große Sprachmodelle im Produktivbetrieb.</translation>
    </message>
    <message>
        <source>All endpoints</source>
        <translation>Alle Endpunkte</translation>
    </message>
    <message numerus="yes">
        <source>Probing %n endpoint(s)…</source>
        <translation>
            <numerusform>Prüfe %n Endpunkt…</numerusform>
            <numerusform>Prüfe %n Endpunkte…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 answered in %2 ms</source>
        <translation>%1 hat in %2 ms geantwortet</translation>
    </message>
    <message>
        <source>%1 failed: %2 %3</source>
        <translation>%1 fehlgeschlagen: %2 %3</translation>
    </message>
    <message>
        <source>Add endpoint</source>
        <translation>Endpunkt hinzufügen</translation>
    </message>
    <message>
        <source>Edit endpoint</source>
        <translation>Endpunkt bearbeiten</translation>
    </message>
    <message>
        <source>Remove endpoint</source>
        <translation>Endpunkt entfernen</translation>
    </message>
    <message>
        <source>Remove %1 and every measurement of it? This cannot be undone.</source>
        <translation>%1 und alle zugehörigen Messungen entfernen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>&amp;Traces</source>
        <translation>&amp;Traces</translation>
    </message>
    <message>
        <source>&amp;Find in traces</source>
        <translation>In Traces &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Reload traces</source>
        <translation>Traces &amp;neu laden</translation>
    </message>
    <message>
        <source>&amp;Receive OTLP traces</source>
        <translation>OTLP-Traces &amp;empfangen</translation>
    </message>
    <message>
        <source>Receiver &amp;address…</source>
        <translation>Empfänger&amp;adresse…</translation>
    </message>
    <message>
        <source>OTLP receiver address</source>
        <translation>Adresse des OTLP-Empfängers</translation>
    </message>
    <message>
        <source>Address the OTLP/HTTP trace receiver listens on (HOST:PORT). Only this machine can reach 127.0.0.1; any other address lets the network send traces.</source>
        <translation>Adresse, an der der OTLP/HTTP-Trace-Empfänger lauscht (HOST:PORT). 127.0.0.1 ist nur von diesem Rechner aus erreichbar; bei jeder anderen Adresse können Traces aus dem Netzwerk eingehen.</translation>
    </message>
    <message numerus="yes">
        <source>Traces: %1 · %n span(s)</source>
        <translation>
            <numerusform>Traces: %1 · %n Span</numerusform>
            <numerusform>Traces: %1 · %n Spans</numerusform>
        </translation>
    </message>
    <message>
        <source> · %1 rejected</source>
        <translation> · %1 abgelehnt</translation>
    </message>
    <message>
        <source>Receiving OTLP traces at %1</source>
        <translation>Empfange OTLP-Traces unter %1</translation>
    </message>
    <message>
        <source>Last problem: %1</source>
        <translation>Letztes Problem: %1</translation>
    </message>
    <message>
        <source>Traces: not receiving</source>
        <translation>Traces: kein Empfang</translation>
    </message>
    <message>
        <source>The trace receiver cannot start: %1</source>
        <translation>Der Trace-Empfänger kann nicht starten: %1</translation>
    </message>
    <message>
        <source>Traces: receiver off</source>
        <translation>Traces: Empfänger aus</translation>
    </message>
    <message>
        <source>Turn it on in the Traces menu.</source>
        <translation>Im Menü „Traces“ einschalten.</translation>
    </message>
    <message numerus="yes">
        <source>Prices of %n model(s) saved; spans taken in from now on are costed with them.</source>
        <translation>
            <numerusform>Preise von %n Modell gespeichert; ab jetzt eingehende Spans werden damit berechnet.</numerusform>
            <numerusform>Preise von %n Modellen gespeichert; ab jetzt eingehende Spans werden damit berechnet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Model &amp;prices…</source>
        <translation>Modell&amp;preise…</translation>
    </message>
    <message>
        <source>%1 is measured from traces; it has no settings to edit.</source>
        <translation>%1 wird aus Traces gemessen; es hat keine Einstellungen zum Bearbeiten.</translation>
    </message>
    <message>
        <source>Server &amp;metrics…</source>
        <translation>Server-&amp;Metriken…</translation>
    </message>
    <message>
        <source>Select an endpoint to see its server metrics.</source>
        <translation>Wählen Sie einen Endpunkt, um seine Server-Metriken zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>&amp;Playground</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stoppen</translation>
    </message>
    <message>
        <source>Prompt &amp;library…</source>
        <translation>Prompt-&amp;Bibliothek…</translation>
    </message>
    <message>
        <source>Ev&amp;aluations</source>
        <translation>E&amp;valuierungen</translation>
    </message>
    <message>
        <source>S&amp;how evaluations</source>
        <translation>Evaluierungen an&amp;zeigen</translation>
    </message>
    <message>
        <source>Added from the trace explorer</source>
        <translation>Aus dem Trace-Explorer hinzugefügt</translation>
    </message>
    <message>
        <source>Added from the playground</source>
        <translation>Aus dem Playground hinzugefügt</translation>
    </message>
    <message numerus="yes">
        <source>Added to %1@%2 (%n item(s)).</source>
        <translation>
            <numerusform>Zu %1@%2 hinzugefügt (%n Eintrag).</numerusform>
            <numerusform>Zu %1@%2 hinzugefügt (%n Einträge).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>llmops::MessageEditor</name>
    <message>
        <source>&amp;Add message</source>
        <translation>Nachricht hin&amp;zufügen</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Text; {{name}} is replaced by the variable&apos;s value</source>
        <translation>Text; {{name}} wird durch den Wert der Variablen ersetzt</translation>
    </message>
    <message>
        <source>Remove this message</source>
        <translation>Diese Nachricht entfernen</translation>
    </message>
</context>
<context>
    <name>llmops::MetricsBrowser</name>
    <message>
        <source>Server metrics of %1</source>
        <translation>Server-Metriken von %1</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Familie</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Reihen</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Filter families</source>
        <translation>Familien filtern</translation>
    </message>
    <message>
        <source>Metric families</source>
        <translation>Metrikfamilien</translation>
    </message>
    <message>
        <source>Select a family to chart it.</source>
        <translation>Wählen Sie eine Familie, um sie als Diagramm zu sehen.</translation>
    </message>
    <message>
        <source>Chart of the selected family</source>
        <translation>Diagramm der gewählten Familie</translation>
    </message>
    <message>
        <source>No scrape of this endpoint has shown metrics yet.</source>
        <translation>Noch hat kein Abruf dieses Endpunkts Metriken gezeigt.</translation>
    </message>
    <message>
        <source>%1: loading…</source>
        <translation>%1: wird geladen…</translation>
    </message>
    <message>
        <source>%1: the first %2 series</source>
        <translation>%1: die ersten %2 Reihen</translation>
    </message>
</context>
<context>
    <name>llmops::PlaygroundColumn</name>
    <message>
        <source>Reasoning</source>
        <translation>Reasoning</translation>
    </message>
    <message>
        <source>Tool calls</source>
        <translation>Tool-Aufrufe</translation>
    </message>
    <message>
        <source>The endpoint this column sends to</source>
        <translation>Der Endpunkt, an den diese Spalte sendet</translation>
    </message>
    <message>
        <source>Temperature, top p, max tokens, stop sequences, seed, JSON output, tools</source>
        <translation>Temperatur, Top-p, max. Tokens, Stoppsequenzen, Seed, JSON-Ausgabe, Tools</translation>
    </message>
    <message>
        <source>Column %1</source>
        <translation>Spalte %1</translation>
    </message>
    <message>
        <source>Parameters: %1</source>
        <translation>Parameter: %1</translation>
    </message>
    <message>
        <source>HTTP %1, </source>
        <translation>HTTP %1, </translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>%1 (%2%3): %4</source>
        <translation>%1 (%2%3): %4</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>TTFT %1 ms</source>
        <translation>TTFT %1 ms</translation>
    </message>
    <message>
        <source>TTFT –</source>
        <translation>TTFT –</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 tok/s</translation>
    </message>
    <message>
        <source>– tok/s</source>
        <translation>– tok/s</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>ein %1</translation>
    </message>
    <message>
        <source>out %1</source>
        <translation>aus %1</translation>
    </message>
    <message>
        <source>$%1</source>
        <translation>$%1</translation>
    </message>
    <message>
        <source>%1 (not registered)</source>
        <translation>%1 (nicht registriert)</translation>
    </message>
    <message>
        <source>Add to dataset…</source>
        <translation>Zum Datensatz hinzufügen…</translation>
    </message>
    <message>
        <source>Keep this answer and what was sent for it as a dataset item</source>
        <translation>Diese Antwort und das dafür Gesendete als Eintrag eines Datensatzes behalten</translation>
    </message>
</context>
<context>
    <name>llmops::PlaygroundPage</name>
    <message>
        <source>&amp;Run</source>
        <translation>Aus&amp;führen</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Stoppen</translation>
    </message>
    <message>
        <source>Send &amp;follow-up</source>
        <translation>F&amp;olgenachricht senden</translation>
    </message>
    <message>
        <source>&amp;Messages</source>
        <translation>&amp;Nachrichten</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Past runs; Enter or a double click opens one</source>
        <translation>Frühere Durchläufe; Eingabetaste oder Doppelklick öffnet einen</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Variablen</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Columns: </source>
        <translation>Spalten: </translation>
    </message>
    <message>
        <source>Send the prompt to every column (Ctrl+Enter)</source>
        <translation>Den Prompt an jede Spalte senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Stop every transfer (Esc)</source>
        <translation>Alle Übertragungen stoppen (Esc)</translation>
    </message>
    <message>
        <source>Save to &amp;library…</source>
        <translation>In der Bib&amp;liothek speichern…</translation>
    </message>
    <message>
        <source>Save the messages, variables and the first column&apos;s parameters as a new version (Ctrl+S)</source>
        <translation>Nachrichten, Variablen und die Parameter der ersten Spalte als neue Version speichern (Strg+S)</translation>
    </message>
    <message>
        <source>Prompt li&amp;brary…</source>
        <translation>P&amp;rompt-Bibliothek…</translation>
    </message>
    <message>
        <source>Browse prompts and their versions, and load one (Ctrl+L)</source>
        <translation>Prompts und ihre Versionen ansehen und einen davon laden (Strg+L)</translation>
    </message>
    <message>
        <source>A follow-up turn for every column&apos;s conversation</source>
        <translation>Eine Folgenachricht für die Unterhaltung jeder Spalte</translation>
    </message>
    <message>
        <source>Run finished; storing it.</source>
        <translation>Durchlauf beendet; er wird gespeichert.</translation>
    </message>
    <message>
        <source>You are a helpful assistant.</source>
        <translation>Du bist ein hilfreicher Assistent.</translation>
    </message>
    <message>
        <source>Variables without a value: %1</source>
        <translation>Variablen ohne Wert: %1</translation>
    </message>
    <message>
        <source>Prompt %1</source>
        <translation>Prompt %1</translation>
    </message>
    <message>
        <source>Unsaved prompt</source>
        <translation>Nicht gespeicherter Prompt</translation>
    </message>
    <message>
        <source>Give these variables a value first: %1</source>
        <translation>Geben Sie zuerst diesen Variablen einen Wert: %1</translation>
    </message>
    <message>
        <source>Write a message first.</source>
        <translation>Schreiben Sie zuerst eine Nachricht.</translation>
    </message>
    <message>
        <source>Run the prompt first; a follow-up continues its conversation.</source>
        <translation>Führen Sie zuerst den Prompt aus; eine Folgenachricht setzt dessen Unterhaltung fort.</translation>
    </message>
    <message>
        <source>Column %1 has no endpoint; add one in the Endpoints menu.</source>
        <translation>Spalte %1 hat keinen Endpunkt; fügen Sie im Menü „Endpunkte“ einen hinzu.</translation>
    </message>
    <message numerus="yes">
        <source>Running on %n column(s)…</source>
        <translation>
            <numerusform>Wird in %n Spalte ausgeführt…</numerusform>
            <numerusform>Wird in %n Spalten ausgeführt…</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird gestoppt…</translation>
    </message>
    <message>
        <source>Run stored; it is in the history and in the trace explorer (service &quot;playground&quot;).</source>
        <translation>Durchlauf gespeichert; er steht im Verlauf und im Trace-Explorer (Dienst „playground“).</translation>
    </message>
    <message>
        <source>Opened the run of %1.</source>
        <translation>Durchlauf vom %1 geöffnet.</translation>
    </message>
    <message>
        <source>Loaded the traced call&apos;s messages and parameters.</source>
        <translation>Nachrichten und Parameter des Aufrufs aus dem Trace geladen.</translation>
    </message>
    <message>
        <source>Loaded the messages and parameters of a call to %1.</source>
        <translation>Nachrichten und Parameter eines Aufrufs an %1 geladen.</translation>
    </message>
    <message>
        <source>Loaded %1@%2.</source>
        <translation>%1@%2 geladen.</translation>
    </message>
    <message>
        <source>Saved as %1@%2.</source>
        <translation>Als %1@%2 gespeichert.</translation>
    </message>
    <message numerus="yes">
        <source>
… (%n more character(s) not shown)</source>
        <translation>
            <numerusform>
… (%n weiteres Zeichen nicht angezeigt)</numerusform>
            <numerusform>
… (%n weitere Zeichen nicht angezeigt)</numerusform>
        </translation>
    </message>
    <message>
        <source>The answer of column %1</source>
        <translation>Die Antwort von Spalte %1</translation>
    </message>
</context>
<context>
    <name>llmops::PriceTableModel</name>
    <message>
        <source>Row %1 names no model.</source>
        <translation>Zeile %1 nennt kein Modell.</translation>
    </message>
    <message>
        <source>%1 is listed twice.</source>
        <translation>%1 ist doppelt aufgeführt.</translation>
    </message>
    <message>
        <source>The table lists no models.</source>
        <translation>Die Tabelle führt keine Modelle auf.</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Input $/M</source>
        <translation>Eingabe $/M</translation>
    </message>
    <message>
        <source>Cached input $/M</source>
        <translation>Eingabe aus Cache $/M</translation>
    </message>
    <message>
        <source>Cache write $/M</source>
        <translation>Cache-Schreiben $/M</translation>
    </message>
    <message>
        <source>Output $/M</source>
        <translation>Ausgabe $/M</translation>
    </message>
    <message>
        <source>Reasoning $/M</source>
        <translation>Reasoning $/M</translation>
    </message>
</context>
<context>
    <name>llmops::PricesDialog</name>
    <message>
        <source>Model prices</source>
        <translation>Modellpreise</translation>
    </message>
    <message>
        <source>&amp;Add model</source>
        <translation>Modell &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove model</source>
        <translation>Modell &amp;entfernen</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Shipped &amp;prices</source>
        <translation>Mitgelieferte &amp;Preise</translation>
    </message>
    <message>
        <source>Prices are US dollars per million tokens. Cached input, cache write and reasoning left empty cost as plain input or output. New prices apply to spans taken in from now on; stored costs stay as they were.</source>
        <translation>Preise in US-Dollar je Million Tokens. Leere Felder für Eingabe aus Cache, Cache-Schreiben und Reasoning kosten wie normale Eingabe oder Ausgabe. Neue Preise gelten für Spans, die ab jetzt eingehen; gespeicherte Kosten bleiben, wie sie sind.</translation>
    </message>
    <message numerus="yes">
        <source>Prices of %n model(s).</source>
        <translation>
            <numerusform>Preise von %n Modell.</numerusform>
            <numerusform>Preise von %n Modellen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Prices as of %1, from: %2</source>
        <translation>Preise vom %1, aus: %2</translation>
    </message>
    <message>
        <source>Import prices</source>
        <translation>Preise importieren</translation>
    </message>
    <message>
        <source>Price tables (*.json)</source>
        <translation>Preistabellen (*.json)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is not a price table: %2</source>
        <translation>%1 ist keine Preistabelle: %2</translation>
    </message>
</context>
<context>
    <name>llmops::PromptLibraryDialog</name>
    <message>
        <source>Prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Version content</source>
        <translation>Versionsinhalt</translation>
    </message>
    <message>
        <source>Differences</source>
        <translation>Unterschiede</translation>
    </message>
    <message>
        <source>Move &amp;label…</source>
        <translation>Label &amp;verschieben…</translation>
    </message>
    <message>
        <source>&amp;Load into playground</source>
        <translation>In den Playground &amp;laden</translation>
    </message>
    <message>
        <source>Prompt library</source>
        <translation>Prompt-Bibliothek</translation>
    </message>
    <message>
        <source>Search names, commit messages and messages</source>
        <translation>Namen, Commit-Nachrichten und Nachrichten durchsuchen</translation>
    </message>
    <message>
        <source>Search prompts</source>
        <translation>Prompts durchsuchen</translation>
    </message>
    <message>
        <source>Compare from</source>
        <translation>Vergleichen von</translation>
    </message>
    <message>
        <source>Compare to</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>nach</translation>
    </message>
    <message>
        <source>&amp;Content</source>
        <translation>&amp;Inhalt</translation>
    </message>
    <message>
        <source>&amp;Differences</source>
        <translation>&amp;Unterschiede</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Version %1: %2</source>
        <translation>Version %1: %2</translation>
    </message>
    <message>
        <source>%1 and %2 hold the same messages, variables and parameters.</source>
        <translation>%1 und %2 enthalten dieselben Nachrichten, Variablen und Parameter.</translation>
    </message>
    <message>
        <source>Move label</source>
        <translation>Label verschieben</translation>
    </message>
    <message>
        <source>Point this label at %1@%2:</source>
        <translation>Dieses Label auf %1@%2 setzen:</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a label: use 1 to 64 letters, digits, &quot;-&quot;, &quot;_&quot; and &quot;.&quot;, starting with no digit.</source>
        <translation>„%1“ ist kein Label: Verwenden Sie 1 bis 64 Buchstaben, Ziffern, „-“, „_“ und „.“; das erste Zeichen darf keine Ziffer sein.</translation>
    </message>
</context>
<context>
    <name>llmops::PromptListModel</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>Neueste</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Letzte Änderung</translation>
    </message>
</context>
<context>
    <name>llmops::PromptVersionModel</name>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Commit message</source>
        <translation>Commit-Nachricht</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
</context>
<context>
    <name>llmops::SavePromptDialog</name>
    <message>
        <source>Save to the prompt library</source>
        <translation>In der Prompt-Bibliothek speichern</translation>
    </message>
    <message>
        <source>letters, digits and - _ .</source>
        <translation>Buchstaben, Ziffern und - _ .</translation>
    </message>
    <message>
        <source>What changed, for whoever reads the history</source>
        <translation>Was sich geändert hat, für alle, die den Verlauf lesen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Commit message:</source>
        <translation>&amp;Commit-Nachricht:</translation>
    </message>
    <message>
        <source>A name has 1 to 64 letters, digits, and - _ . (no spaces, no @).</source>
        <translation>Ein Name besteht aus 1 bis 64 Buchstaben, Ziffern und - _ . (ohne Leerzeichen, ohne @).</translation>
    </message>
</context>
<context>
    <name>llmops::SeriesTableModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
</context>
<context>
    <name>llmops::SpanTreeModel</name>
    <message>
        <source>The parent of this span has not been received.</source>
        <translation>Der übergeordnete Span wurde nicht empfangen.</translation>
    </message>
    <message>
        <source>%1 (parent missing)</source>
        <translation>%1 (übergeordneter Span fehlt)</translation>
    </message>
    <message>
        <source>%1 in / %2 out</source>
        <translation>%1 ein / %2 aus</translation>
    </message>
    <message>
        <source>Span</source>
        <translation>Span</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
</context>
<context>
    <name>llmops::StoreWorker</name>
    <message>
        <source>The store is not open, so the change was not saved.</source>
        <translation>Der Datenspeicher ist nicht geöffnet; die Änderung wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>The store is not open, so the prompt library cannot be read or changed.</source>
        <translation>Der Datenspeicher ist nicht geöffnet; die Prompt-Bibliothek lässt sich weder lesen noch ändern.</translation>
    </message>
</context>
<context>
    <name>llmops::SuiteDialog</name>
    <message>
        <source>New evaluation suite</source>
        <translation>Neue Evaluierungssuite</translation>
    </message>
    <message>
        <source>letters, digits and - _ .</source>
        <translation>Buchstaben, Ziffern und - _ .</translation>
    </message>
    <message>
        <source>Suite definition (JSON)</source>
        <translation>Definition der Suite (JSON)</translation>
    </message>
    <message>
        <source>Fields: dataset (NAME or NAME@VERSION), prompt (NAME, NAME@3, NAME@label) or messages with {{variables}}, parameters, and scorers, each with a type and optionally a name and threshold.</source>
        <translation>Felder: dataset (NAME oder NAME@VERSION), prompt (NAME, NAME@3, NAME@label) oder messages mit {{Variablen}}, parameters und scorers, jeder mit type und wahlweise name und threshold.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Definition:</source>
        <translation>&amp;Definition:</translation>
    </message>
    <message>
        <source>Edit suite %1</source>
        <translation>Suite %1 bearbeiten</translation>
    </message>
    <message>
        <source>A suite name has 1 to 64 letters, digits, and - _ . (no spaces, no @).</source>
        <translation>Ein Name für eine Suite hat 1 bis 64 Buchstaben, Ziffern und - _ . (keine Leerzeichen, kein @).</translation>
    </message>
    <message>
        <source>There is a suite named %1 already; edit it, or choose another name.</source>
        <translation>Es gibt schon eine Suite namens %1; bearbeiten Sie sie oder wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The definition cannot be used: %1</source>
        <translation>Die Definition ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>Answer with as few words as you can.</source>
        <translation>Antworte mit so wenigen Wörtern wie möglich.</translation>
    </message>
</context>
<context>
    <name>llmops::TimeSeriesModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Latency p50</source>
        <translation>Latenz p50</translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation>Latenz p95</translation>
    </message>
    <message>
        <source>Latency p99</source>
        <translation>Latenz p99</translation>
    </message>
    <message>
        <source>TTFT p50</source>
        <translation>TTFT p50</translation>
    </message>
    <message>
        <source>TTFT p95</source>
        <translation>TTFT p95</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>llmops::TraceListModel</name>
    <message>
        <source>%1 (root missing)</source>
        <translation>%1 (Wurzel-Span fehlt)</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n Fehler</numerusform>
            <numerusform>%n Fehler</numerusform>
        </translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Trace</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>The root span of this trace has not arrived yet.</source>
        <translation>Der Wurzel-Span dieses Traces ist noch nicht eingegangen.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>llmops::TraceReceiverService</name>
    <message>
        <source>&quot;%1&quot; is not an address such as 127.0.0.1:4318</source>
        <translation>„%1“ ist keine Adresse der Form 127.0.0.1:4318</translation>
    </message>
</context>
<context>
    <name>llmops::TraceView</name>
    <message>
        <source>Tool call %1 %2</source>
        <translation>Tool-Aufruf %1 %2</translation>
    </message>
    <message>
        <source>Tool result %1</source>
        <translation>Tool-Ergebnis %1</translation>
    </message>
    <message>
        <source>Document %1</source>
        <translation>Dokument %1</translation>
    </message>
    <message>
        <source> (score %1)</source>
        <translation> (Score %1)</translation>
    </message>
    <message>
        <source>finish reason: %1</source>
        <translation>Abschlussgrund: %1</translation>
    </message>
    <message>
        <source>This span carries no messages.</source>
        <translation>Dieser Span enthält keine Nachrichten.</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transkript</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>Attribute</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Tokens and cost</source>
        <translation>Tokens und Kosten</translation>
    </message>
    <message>
        <source>Select a trace to see its spans.</source>
        <translation>Einen Trace auswählen, um seine Spans anzuzeigen.</translation>
    </message>
    <message>
        <source> · $%1</source>
        <translation> · $%1</translation>
    </message>
    <message>
        <source> · session %1</source>
        <translation> · Sitzung %1</translation>
    </message>
    <message>
        <source>This trace is no longer in the store.</source>
        <translation>Dieser Trace ist nicht mehr im Datenspeicher.</translation>
    </message>
    <message>
        <source>Resource:</source>
        <translation>Ressource:</translation>
    </message>
    <message>
        <source>&lt;table cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;Operation&lt;/td&gt;&lt;td&gt;%1&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Provider&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Model&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Input tokens&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&amp;nbsp;&amp;nbsp;of them cache reads&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&amp;nbsp;&amp;nbsp;of them cache writes&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Output tokens&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&amp;nbsp;&amp;nbsp;of them reasoning&lt;/td&gt;&lt;td&gt;%8&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Cost&lt;/td&gt;&lt;td&gt;%9&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;table cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;Operation&lt;/td&gt;&lt;td&gt;%1&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Anbieter&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Modell&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Eingabetokens&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&amp;nbsp;&amp;nbsp;davon Cache-Lesezugriffe&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&amp;nbsp;&amp;nbsp;davon Cache-Schreibzugriffe&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Ausgabetokens&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&amp;nbsp;&amp;nbsp;davon Reasoning&lt;/td&gt;&lt;td&gt;%8&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Kosten&lt;/td&gt;&lt;td&gt;%9&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source>&lt;tr&gt;&lt;td&gt;Error&lt;/td&gt;&lt;td&gt;%1 %2&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;Fehler&lt;/td&gt;&lt;td&gt;%1 %2&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source>&lt;tr&gt;&lt;td&gt;Taken in with warnings&lt;/td&gt;&lt;td&gt;%1&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;Mit Warnungen übernommen&lt;/td&gt;&lt;td&gt;%1&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; · trace %2 · %3 · %n span(s) · %4 ms</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; · Trace %2 · %3 · %n Span · %4 ms</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; · Trace %2 · %3 · %n Spans · %4 ms</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;tr&gt;&lt;td&gt;Time to first token&lt;/td&gt;&lt;td&gt;%1 ms&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;Zeit bis zum ersten Token&lt;/td&gt;&lt;td&gt;%1 ms&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source>Show start times</source>
        <translation>Startzeiten anzeigen</translation>
    </message>
    <message>
        <source>Open in &amp;playground</source>
        <translation>Im Playground ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Load this call&apos;s messages and parameters into the playground (Ctrl+Shift+P)</source>
        <translation>Nachrichten und Parameter dieses Aufrufs in den Playground laden (Strg+Umschalt+P)</translation>
    </message>
    <message>
        <source>Add to &amp;dataset…</source>
        <translation>Zum &amp;Datensatz hinzufügen…</translation>
    </message>
    <message>
        <source>Keep this call as a dataset item, its answer as the expected output (Ctrl+Shift+D)</source>
        <translation>Diesen Aufruf als Eintrag eines Datensatzes behalten, seine Antwort als erwartete Ausgabe (Strg+Umschalt+D)</translation>
    </message>
    <message>
        <source>This call</source>
        <translation>Dieser Aufruf</translation>
    </message>
    <message>
        <source>The call to %1</source>
        <translation>Der Aufruf von %1</translation>
    </message>
</context>
<context>
    <name>llmops::TracesPage</name>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>Alle Dienste</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Alle Modelle</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>With errors</source>
        <translation>Mit Fehlern</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>≥ </source>
        <translation>≥ </translation>
    </message>
    <message>
        <source>Minimum duration (0: any)</source>
        <translation>Mindestdauer (0: beliebig)</translation>
    </message>
    <message>
        <source>≥ $</source>
        <translation>≥ $</translation>
    </message>
    <message>
        <source>Minimum cost (0: any)</source>
        <translation>Mindestkosten (0: beliebig)</translation>
    </message>
    <message>
        <source>Search prompts, answers and tool calls (Ctrl+F)</source>
        <translation>Prompts, Antworten und Tool-Aufrufe durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>Show every trace of the selected trace&apos;s conversation, oldest first</source>
        <translation>Alle Traces der Unterhaltung des ausgewählten Traces anzeigen, älteste zuerst</translation>
    </message>
    <message>
        <source>Session %1</source>
        <translation>Sitzung %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>No traces match.</source>
        <translation>Keine passenden Traces.</translation>
    </message>
    <message numerus="yes">
        <source>%n trace(s)</source>
        <translation>
            <numerusform>%n Trace</numerusform>
            <numerusform>%n Traces</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n trace(s) shown; more load as you scroll</source>
        <translation>
            <numerusform>%n Trace angezeigt; weitere werden beim Scrollen geladen</numerusform>
            <numerusform>%n Traces angezeigt; weitere werden beim Scrollen geladen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>A&amp;ll traces</source>
        <translation>A&amp;lle Traces</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>LLMOps Console</source>
        <translation>LLMOps Console</translation>
    </message>
    <message>
        <source>Operations console for LLM endpoints</source>
        <translation>Betriebskonsole für LLM-Endpunkte</translation>
    </message>
    <message>
        <source>The store to open.</source>
        <translation>Der zu öffnende Datenspeicher.</translation>
    </message>
</context>
</TS>
