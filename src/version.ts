import path from 'node:path';
import { PROJECT_ROOT } from './paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = require(path.join(PROJECT_ROOT, 'package.json')).version;
