// Checks a run's Reqnroll NDJSON (results/<run>/reqnroll_report.ndjson): every envelope validates against the
// Cucumber messages JSON schema of the protocol version Reqnroll writes, and every pickle's test-step statuses agree
// with NUnit's verdict for the same scenario in the run's TRX. Run through tools/check-reqnroll-report.sh.
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

const [ndjsonPath, trxPath, schemaDir] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: false, allErrors: true });
for (const file of fs.readdirSync(schemaDir).filter(f => f.endsWith('.json'))) {
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')), file);
}
const validate = ajv.getSchema('Envelope.json');

const lines = fs.readFileSync(ndjsonPath, 'utf8').split('\n').filter(l => l.length > 0);
let invalid = 0;
const kinds = {};
const pickles = {}, testCases = {}, started = {}, statuses = {}, featureNames = {}, nodes = {};
lines.forEach((line, i) => {
  const envelope = JSON.parse(line);
  const kind = Object.keys(envelope)[0];
  kinds[kind] = (kinds[kind] ?? 0) + 1;
  if (!validate(envelope)) {
    invalid++;
    console.log(`line ${i + 1} (${kind}): ${ajv.errorsText(validate.errors)}`);
  }
  if (envelope.gherkinDocument) indexDocument(envelope.gherkinDocument);
  if (envelope.pickle) pickles[envelope.pickle.id] = envelope.pickle;
  if (envelope.testCase) testCases[envelope.testCase.id] = envelope.testCase;
  if (envelope.testCaseStarted) { started[envelope.testCaseStarted.id] = envelope.testCaseStarted.testCaseId; statuses[testCases[envelope.testCaseStarted.testCaseId].pickleId] = {}; }
  if (envelope.testStepFinished) {
    const pickleId = testCases[started[envelope.testStepFinished.testCaseStartedId]].pickleId;
    statuses[pickleId][envelope.testStepFinished.testStepId] = envelope.testStepFinished.testStepResult.status;
  }
});
console.log(`${lines.length} envelopes, ${invalid} invalid against the schema: ${JSON.stringify(kinds)}`);

// NUnit verdicts from the TRX: "<fixture class>.<test name>" -> outcome. The bridge names a test like Reqnroll's
// generator names a method: the scenario's title as an identifier, outline rows with their values appended.
const trx = fs.readFileSync(trxPath, 'utf8');
const names = {};
for (const m of trx.matchAll(/<UnitTest name="([^"]*)"[^>]*id="([^"]*)">[\s\S]*?<TestMethod [^>]*className="([^"]*)"/g)) names[m[2]] = `${m[3]}.${m[1]}`;
const verdicts = {};
for (const m of trx.matchAll(/<UnitTestResult [^>]*testId="([^"]*)"[^>]*outcome="([^"]*)"/g)) if (names[m[1]]) verdicts[names[m[1]]] = m[2];

const failing = ['FAILED', 'UNDEFINED', 'PENDING', 'AMBIGUOUS'];
let disagreements = 0, checked = 0;
for (const [pickleId, steps] of Object.entries(statuses)) {
  const pickle = pickles[pickleId];
  const testName = `.${identifier(featureNames[pickle.uri])}Feature.${identifier(nodes[pickle.astNodeIds[0]])}` +
    (pickle.astNodeIds.length > 1 ? nodes[pickle.astNodeIds[1]].map(v => '_' + identifier(v).replace(/^_/, '')).join('') : '');
  const fullName = Object.keys(verdicts).find(n => n.endsWith(testName));
  const values = Object.values(steps);
  if (!fullName) { disagreements++; console.log(`${pickle.uri} "${pickle.name}": ran in Reqnroll, no NUnit result (${testName})`); continue; }
  const outcome = verdicts[fullName];
  checked++;
  const agrees = outcome === 'Passed' ? values.every(s => s === 'PASSED') && values.length >= pickle.steps.length
    : outcome === 'Failed' ? values.some(s => failing.includes(s))
    : !values.some(s => failing.includes(s)) && values.includes('SKIPPED');
  if (!agrees) { disagreements++; console.log(`DISAGREES NUnit ${outcome}, steps ${values.join(' ')}  ${fullName}`); }
  else console.log(`ok ${outcome.padEnd(11)} ${values.join(' ')}  ${fullName}`);
}
console.log(`${checked} executed pickles checked against NUnit, ${disagreements} disagreements`);
process.exit(invalid + disagreements === 0 ? 0 : 1);

function indexDocument(document) {
  featureNames[document.uri] = document.feature.name;
  const scenarios = document.feature.children.flatMap(c => c.rule ? c.rule.children : [c]).filter(c => c.scenario).map(c => c.scenario);
  for (const scenario of scenarios) {
    nodes[scenario.id] = scenario.name;
    for (const row of scenario.examples.flatMap(e => e.tableBody)) nodes[row.id] = row.cells.map(c => c.value);
  }
}

function identifier(text) {
  const name = text.split(/[^\p{L}\p{Nd}]+/u).filter(w => w.length > 0).map(w => w[0].toUpperCase() + w.slice(1)).join('');
  return name.length === 0 ? '_' : /^\d/.test(name) ? '_' + name : name;
}
