import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines on standard error, so that standard output stays free for what commands print (tokens, CSV). */
export function createLogger(level: string, name = 'vigie'): Logger {
	return pino({ name, level }, pino.destination(2));
}
