// Validates Kubernetes manifests offline against the API's OpenAPI schemas (kubernetes-models bundles them):
// every document of every file given, by its apiVersion and kind. Prints one line per document; exits 1 on
// the first that does not validate.  Usage: npm ci && node validate.mjs ../k8s/*.yaml
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let failed = false;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const object = doc.toJS();
    if (!object) continue;
    const { apiVersion, kind } = object;
    const where = `${file}: ${kind} ${object.metadata?.name}`;
    try {
      const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
      new module[kind](object).validate();
      console.log(`valid: ${where} (${apiVersion})`);
    } catch (e) {
      console.log(`INVALID: ${where}: ${e.message}`);
      failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
