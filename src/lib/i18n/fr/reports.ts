/** The supervisor reports' text. */
export const reports = {
	title: 'Rapports'
};
