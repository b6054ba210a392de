import { Command } from 'commander';
import { registerAudit } from './commands/audit.ts';
import { registerBackup } from './commands/backup.ts';
import { registerCheck } from './commands/check.ts';
import { registerDeadLetters } from './commands/dead-letters.ts';
import { registerExport } from './commands/export.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerPurge } from './commands/purge.ts';
import { registerQueue } from './commands/queue.ts';
import { registerServe } from './commands/serve.ts';
import { registerToken } from './commands/token.ts';
import { registerUccx } from './commands/uccx.ts';
import { registerUser } from './commands/user.ts';

const program = new Command('vigie').description('Vigie — real-time call-center wallboard').showHelpAfterError();
for (const register of [
	registerServe,
	registerToken,
	registerUser,
	registerIngest,
	registerDeadLetters,
	registerExport,
	registerQueue,
	registerCheck,
	registerPurge,
	registerUccx,
	registerBackup,
	registerAudit
]) {
	register(program);
}

try {
	await program.parseAsync();
} catch (error) {
	console.error(`vigie: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
}
