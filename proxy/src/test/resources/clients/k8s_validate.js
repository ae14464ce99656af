// k8s_validate: checks Kubernetes manifests against the Kubernetes API's OpenAPI schema (kubernetes-models, ajv).
// Usage: node k8s_validate.js FILE...   Prints "ok <kind> <name>" per document; on a violation prints
// "invalid <file> <kind> <name>: <reason>" and exits 1. A kind it has no model for is a violation too.
'use strict';
const fs = require('fs');
const yaml = require('js-yaml');

function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  const module = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  const model = require(module)[kind];
  if (!model) {
    throw new Error(`no model for ${kind} in ${module}`);
  }
  return model;
}

let failed = false;
for (const file of process.argv.slice(2)) {
  for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8'))) {
    if (!doc) {
      continue;
    }
    const name = (doc.metadata && doc.metadata.name) || '?';
    try {
      new (modelFor(doc.apiVersion, doc.kind))(doc).validate();
      console.log(`ok ${doc.kind} ${name}`);
    } catch (e) {
      failed = true;
      console.log(`invalid ${file} ${doc.kind} ${name}: ${e.message}`);
    }
  }
}
process.exit(failed ? 1 : 0);
