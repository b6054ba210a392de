import type { Principal } from '$lib/server/auth/principal.ts';

declare global {
	namespace App {
		interface Locals {
			principal: Principal | null;
		}
	}
}

export {};
