// Validates every object of a rendered manifest (YAML on stdin) against a JSON schema:
//   - built-in kinds against the Kubernetes OpenAPI schemas compiled into the npm package kubernetes-models
//     (types, required fields, enums, formats),
//   - custom resources against the openAPIV3Schema of their upstream CustomResourceDefinition (the CRD files in the
//     folder given as the first argument), with every object schema closed (additionalProperties: false) unless it
//     says x-kubernetes-preserve-unknown-fields, as the API server's strict field validation treats them.
// Prints one JSON array: [{ index, apiVersion, kind, name, errors: [ "path: message" ] }] for every object.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import Ajv from 'ajv';

const crdDirectory = process.argv[2];
const objects = YAML.parseAllDocuments(readFileSync(0, 'utf8'))
  .map(document => {
    if (document.errors.length > 0) throw new Error(`YAML: ${document.errors.map(e => e.message).join('; ')}`);
    return document.toJS();
  })
  .filter(object => object != null);

// CRD patterns are Go (RE2) expressions: their inline case-insensitive flag "(?i)" becomes the JavaScript flag "i".
function goRegExp(source, flags) {
  let jsFlags = flags;
  const jsSource = source.replace(/\(\?i\)/g, () => { if (!jsFlags.includes('i')) jsFlags += 'i'; return ''; });
  return new RegExp(jsSource, jsFlags);
}
goRegExp.code = 'goRegExp';
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, code: { regExp: goRegExp } });
const customResources = new Map();
if (crdDirectory) {
  for (const file of readdirSync(crdDirectory).filter(f => f.endsWith('.yaml') || f.endsWith('.yml'))) {
    for (const document of YAML.parseAllDocuments(readFileSync(join(crdDirectory, file), 'utf8'))) {
      const crd = document.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        // Compiled on first use: the Prometheus Operator's CRDs are large, and most manifests use few of them.
        let compiled;
        customResources.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, object => {
          compiled ??= ajv.compile(closeObjectSchemas(structuredClone(version.schema.openAPIV3Schema)));
          const valid = compiled(object);
          return { valid, errors: compiled.errors ?? [] };
        });
      }
    }
  }
}

function closeObjectSchemas(schema) {
  if (Array.isArray(schema)) return schema.map(closeObjectSchemas);
  if (schema === null || typeof schema !== 'object') return schema;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      for (const name of Object.keys(value)) value[name] = closeObjectSchemas(value[name]);
    } else if (typeof value === 'object') {
      schema[key] = closeObjectSchemas(value);
    }
  }
  if (schema.properties && schema.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
    schema.additionalProperties = false;
  }
  return schema;
}

function describe(error) {
  const where = error.instancePath || '/';
  const extra = error.params?.additionalProperty ? ` '${error.params.additionalProperty}'`
    : error.params?.allowedValues ? ` ${JSON.stringify(error.params.allowedValues)}` : '';
  return `${where}: ${error.message}${extra}`;
}

async function builtInModel(apiVersion, kind) {
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

const results = [];
for (const [index, object] of objects.entries()) {
  const { apiVersion, kind } = object;
  const name = object.metadata?.name ?? '';
  const errors = [];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    errors.push('/: apiVersion and kind are required');
  } else {
    const group = apiVersion.includes('/') ? apiVersion : `core/${apiVersion}`;
    const crdValidate = customResources.get(`${apiVersion}/${kind}`) ?? customResources.get(`${group}/${kind}`);
    if (crdValidate) {
      const result = crdValidate(object);
      if (!result.valid) errors.push(...result.errors.map(describe));
    } else {
      const Model = await builtInModel(apiVersion, kind);
      if (!Model) {
        errors.push(`/: no schema for ${apiVersion} ${kind} (not a Kubernetes kind, and no CRD given for it)`);
      } else {
        try {
          new Model(object).validate();
        } catch (e) {
          errors.push(...(e.errors ?? [{ instancePath: '', message: e.message }]).map(describe));
        }
      }
    }
  }
  results.push({ index, apiVersion, kind, name, errors });
}
process.stdout.write(JSON.stringify(results));
