import type { admin as fr } from '../fr/admin.ts';

export const admin: typeof fr = {
	title: 'Administration'
};
