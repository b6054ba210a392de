/** The administration pages' text. */
export const admin = {
	title: 'Administration'
};
