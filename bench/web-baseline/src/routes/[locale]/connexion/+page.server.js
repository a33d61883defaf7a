import { libraries } from '$libraries';

/**
 * The page's server load uses what `$libraries` built when this route was first loaded (once per
 * server, as the site builds a domain on first use): the same SDK clients and ElectroDB as the site.
 * @param {{ params: { locale: string } }} event
 */
export const load = ({ params }) => ({ locale: params.locale, built: Object.keys(libraries) });
