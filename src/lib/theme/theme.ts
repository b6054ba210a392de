/** A colour of the page's theme (a CSS custom property of `:root`), for drawing code such as Chart.js. */
export function themeColour(property: `--${string}`): string {
	return getComputedStyle(document.documentElement).getPropertyValue(property).trim();
}
