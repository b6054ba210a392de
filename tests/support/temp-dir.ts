import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A new empty directory under the system's temporary one, removed by `remove()`. */
export async function createTempDir(prefix = 'vigie-test-'): Promise<{ dir: string; remove(): Promise<void> }> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
	return { dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}
