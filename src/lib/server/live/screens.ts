/** The screens that exist. `default` shows every queue; stored, editable screens come with the screens admin. */
export const DEFAULT_SCREEN = 'default';

export function screenExists(name: string): boolean {
	return name === DEFAULT_SCREEN;
}
