import type { wall as fr } from '../fr/wall.ts';

export const wall: typeof fr = {
	connecting: 'Connecting to the server…',
	stale: 'Figures frozen: connection lost, reconnecting…',
	waiting: 'waiting',
	noQueue: 'No queue yet: queues appear with their first calls.'
};
