import { BUILT_IN_LANDING_PAGES } from './landing-pages.ts';
import { BUILT_IN_TEMPLATES } from './templates.ts';

export type { CatalogLandingPage, CatalogTemplate, Difficulty } from './types.ts';

/** The lures and landing pages written for Heed and shipped with it. */
export { BUILT_IN_LANDING_PAGES, BUILT_IN_TEMPLATES };
