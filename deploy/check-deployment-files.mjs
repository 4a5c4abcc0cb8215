// Validates the deployment files offline, in the test command (npm test):
//   - every document of deploy/k8s/**/*.yaml against the Kubernetes API schemas, using the
//     validators that `kubernetes-models` compiles from Kubernetes's OpenAPI definitions;
//   - docker-compose.yml against the Compose Specification's JSON Schema, committed in
//     deploy/schemas/compose-spec.json (see the README there), with ajv.
// The Kubernetes validators come from an npm package in package-lock.json and the Compose schema is
// in the repository, so a fresh machine has both after `npm install`; nothing is downloaded at test
// time and nothing is applied to a cluster.
// ESM because kubernetes-models is published as ESM only (its exports have no `require`).
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Kinds with no schema in a package here, and why that is acceptable (each is named in the output). */
const UNVALIDATED_KINDS = {
  'kustomize.config.k8s.io/v1beta1/Kustomization': 'a kustomize input, not an API object; its file list is checked by service-catalogue.spec.ts',
  'kafka.strimzi.io/v1beta2/KafkaTopic': "Strimzi's custom resource; generated from the topic catalogue and checked by kafka-topics.spec.ts",
  'kafka.strimzi.io/v1beta2/KafkaUser': "Strimzi's custom resource; generated from the contracts and checked by kafka-users.spec.ts",
};

/** kubernetes-models lays its validators out as <group>/<version>/<Kind> (core: v1/<Kind>). */
async function kubernetesModel(apiVersion, kind) {
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

async function validateKubernetesDocument(document) {
  const { apiVersion, kind } = document ?? {};
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return { problem: 'no apiVersion or kind' };
  const key = `${apiVersion}/${kind}`;
  if (UNVALIDATED_KINDS[key]) return { skipped: key };
  const Model = await kubernetesModel(apiVersion, kind);
  if (!Model) return { problem: `no Kubernetes schema for ${key} (a typo, or add it to UNVALIDATED_KINDS with a reason)` };
  try {
    new Model(document).validate();
    return { validated: key };
  } catch (error) {
    return { problem: `${key}: ${describe(error)}` };
  }
}

function describe(error) {
  const details = error?.errors?.map((item) => `${item.instancePath || '/'} ${item.message ?? item.keyword}`).join('; ');
  return details || String(error?.message ?? error);
}

function yamlFilesUnder(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/** Patches named by a kustomization are partial objects by design: kustomize merges them, nobody applies them alone. */
function patchFiles(files) {
  const patches = new Set();
  for (const file of files.filter((path) => /kustomization\.ya?ml$/.test(path))) {
    const kustomization = parse(readFileSync(file, 'utf8')) ?? {};
    for (const patch of [...(kustomization.patches ?? []), ...(kustomization.patchesStrategicMerge ?? [])]) {
      const path = typeof patch === 'string' ? patch : patch?.path;
      if (path) patches.add(resolve(dirname(file), path));
    }
  }
  return patches;
}

async function checkKubernetes() {
  const files = yamlFilesUnder(join(root, 'deploy', 'k8s'));
  const patches = patchFiles(files);
  const problems = [];
  const validated = new Map();
  const skipped = new Set();
  for (const file of files.filter((path) => !patches.has(path))) {
    for (const [index, parsed] of parseAllDocuments(readFileSync(file, 'utf8')).entries()) {
      if (parsed.errors.length > 0) {
        problems.push(`${relative(root, file)} #${index + 1}: YAML: ${parsed.errors[0].message}`);
        continue;
      }
      const document = parsed.toJS();
      if (document === null) continue;
      const result = await validateKubernetesDocument(document);
      if (result.problem) problems.push(`${relative(root, file)} #${index + 1}: ${result.problem}`);
      if (result.validated) validated.set(result.validated, (validated.get(result.validated) ?? 0) + 1);
      if (result.skipped) skipped.add(result.skipped);
    }
  }
  return { files: files.length - patches.size, validated, skipped, problems };
}

function composeValidator() {
  const schema = JSON.parse(readFileSync(join(root, 'deploy', 'schemas', 'compose-spec.json'), 'utf8'));
  // It names draft-07's meta-schema by its https URL, which ajv registers under http: same draft.
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

function checkCompose(validate, document, name) {
  if (validate(document)) return [];
  return validate.errors.map((error) => {
    const extra = error.params?.additionalProperty ? ` (${error.params.additionalProperty})` : '';
    return `${name}: ${error.instancePath || '/'} ${error.message}${extra}`;
  });
}

/** The validators must refuse what is wrong, or a pass here would mean nothing. */
async function checkValidatorsBite(validateCompose) {
  const brokenDeployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'two', template: {} } };
  const brokenCompose = { services: { x: { image: 'x', ports: 5, restart_policy: 'always' } } };
  const failures = [];
  if (!(await validateKubernetesDocument(brokenDeployment)).problem) failures.push('a Deployment with replicas "two" and no selector passed');
  if (checkCompose(validateCompose, brokenCompose, 'broken').length === 0) failures.push('a compose service with ports: 5 passed');
  return failures;
}

const validateCompose = composeValidator();
const selfCheck = await checkValidatorsBite(validateCompose);
const kubernetes = await checkKubernetes();
// `merge`: YAML 1.2 has no `<<` merge keys, but Compose resolves them (the file uses them for x-service).
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const composeProblems = checkCompose(validateCompose, compose, 'docker-compose.yml');
const problems = [...selfCheck.map((failure) => `validator self-check: ${failure}`), ...kubernetes.problems, ...composeProblems];

const kinds = [...kubernetes.validated].map(([kind, count]) => `${count} ${kind}`).join(', ');
// Read from disk: kubernetes-models does not export its package.json.
const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
console.log(`deploy/k8s: ${kubernetes.files} file(s); validated against Kubernetes schemas (kubernetes-models ${version('kubernetes-models')}): ${kinds}`);
for (const key of kubernetes.skipped) console.log(`  not validated: ${key} (${UNVALIDATED_KINDS[key]})`);
console.log('docker-compose.yml: validated against the Compose Specification schema (deploy/schemas/compose-spec.json)');
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  process.exit(1);
}
