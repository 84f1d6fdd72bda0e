/** rtcdemo's version, from its package.json (found by src/shared/package-root.ts). */
import { packageVersion } from '../shared/package-root.js';

export const VERSION: string = packageVersion();
