/**
 * A fixed grid for `count` cards of about `aspect` (width / height) in a `width` × `height` area: the number of
 * columns that makes the cards largest once their content keeps its proportions. Rows then follow; a grid never
 * scrolls and, for a given count, never changes with the figures.
 */
export function cardGrid(
	count: number,
	width: number,
	height: number,
	aspect: number
): { columns: number; rows: number } {
	if (count <= 0 || width <= 0 || height <= 0) return { columns: 1, rows: 1 };
	let best = { columns: 1, rows: count, size: 0 };
	for (let columns = 1; columns <= count; columns++) {
		const rows = Math.ceil(count / columns);
		const cardWidth = width / columns;
		const cardHeight = height / rows;
		// The content's size is set by whichever side is short for its proportions.
		const size = Math.min(cardWidth / aspect, cardHeight);
		// Ties go to fewer empty cells.
		if (size > best.size * 1.0001) best = { columns, rows, size };
	}
	return { columns: best.columns, rows: best.rows };
}
