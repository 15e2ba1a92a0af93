/**
 * The console's first module (main.tsx imports it before anything else, and modules run in import
 * order): it starts the current page's code, data and session check while the rest of the main bundle,
 * React and Mantine above all, is still being evaluated.
 */
import { startCurrentPage } from './pages.ts';

startCurrentPage();
