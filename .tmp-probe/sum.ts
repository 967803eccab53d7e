import fs from 'node:fs';
import { summarise } from '../scripts/bench/profile-summary';
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
// skip the first 40% (startup + warm-up)
const span = (p.endTime - p.startTime) / 1000;
console.log(summarise(p, span * Number(process.argv[4] ?? 0.4), Number(process.argv[3])));
