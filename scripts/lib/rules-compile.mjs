// Compiles firestore.rules (or the file given) on the running Firestore emulator, the same
// compiler a deploy uses: run inside `firebase emulators:exec --only firestore` (see
// scripts/deploy-check.mjs). Exits non-zero with the compiler's messages when the rules do not
// compile.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'firestore.rules';
const host = process.env.FIRESTORE_EMULATOR_HOST;
const project = process.env.GCLOUD_PROJECT;
if (!host || !project) {
	console.error('Run inside the Firestore emulator (FIRESTORE_EMULATOR_HOST and GCLOUD_PROJECT).');
	process.exit(2);
}
const response = await fetch(`http://${host}/emulator/v1/projects/${project}:securityRules`, {
	method: 'PUT',
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify({ rules: { files: [{ name: file, content: readFileSync(file, 'utf8') }] } })
});
if (!response.ok) {
	console.error(`${file} does not compile:\n${await response.text()}`);
	process.exit(1);
}
console.log(`${file} compiles.`);
