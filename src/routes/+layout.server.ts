export const load = ({ locals }) => ({ locale: locals.locale });
