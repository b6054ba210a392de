/**
 * Text that must never be cut nor run into its neighbour (a three-digit waiting count, a long queue or agent name):
 * its size comes from the CSS (container query units, so it follows the tile), and when it still does not fit its
 * box, it shrinks until it does. NOTE: done by measuring, because no CSS unit knows the width of a text; the
 * scale is set through the CSSOM (`style.setProperty`), which a strict CSP allows.
 */
const MIN_SCALE = 0.4;

function fit(node: HTMLElement): void {
	node.style.setProperty('--fit', '1');
	const width = node.clientWidth;
	if (width === 0 || node.scrollWidth <= width) return;
	// Text width scales with font size: one step gets close, a second one absorbs rounding.
	let scale = Math.max(MIN_SCALE, width / node.scrollWidth);
	node.style.setProperty('--fit', scale.toFixed(3));
	if (node.scrollWidth > node.clientWidth) {
		scale = Math.max(MIN_SCALE, scale * (node.clientWidth / node.scrollWidth) * 0.98);
		node.style.setProperty('--fit', scale.toFixed(3));
	}
}

/**
 * Svelte attachment-style action: `use:fitText={text}` re-fits when the text changes and when the box is resized.
 * The element's CSS multiplies its font size by `var(--fit, 1)`.
 */
export function fitText(node: HTMLElement, _text?: unknown) {
	const observer = new ResizeObserver(() => fit(node));
	observer.observe(node);
	fit(node);
	return {
		update() {
			fit(node);
		},
		destroy() {
			observer.disconnect();
		}
	};
}
