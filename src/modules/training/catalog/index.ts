import { handlingSensitiveData } from './handling-sensitive-data.ts';
import { passwordsAndMfa } from './passwords-and-mfa.ts';
import { phishingBasics } from './phishing-basics.ts';
import { reportingIncidents } from './reporting-incidents.ts';
import { safeBrowsing } from './safe-browsing.ts';
import { socialEngineering } from './social-engineering.ts';
import type { CatalogCourse } from './types.ts';

export type { CatalogCourse, CatalogLesson, CatalogQuestion } from './types.ts';

/** The courses written for Heed and shipped with it, in the order the catalog lists them. */
export const BUILT_IN_COURSES: CatalogCourse[] = [
  phishingBasics,
  passwordsAndMfa,
  socialEngineering,
  safeBrowsing,
  handlingSensitiveData,
  reportingIncidents,
];
