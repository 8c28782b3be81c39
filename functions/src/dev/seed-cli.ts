/** `node functions/lib/dev/seed-cli.js`: seeds the emulators and prints the summary as JSON. */
import { auth, db } from '../lib/admin.js';
import { seed } from './seed.js';

seed(db(), auth())
	.then((summary) => {
		process.stdout.write(JSON.stringify(summary) + '\n');
		process.exit(0);
	})
	.catch((error: unknown) => {
		process.stderr.write(
			`Seeding failed: ${error instanceof Error ? error.message : String(error)}\n`
		);
		process.exit(1);
	});
