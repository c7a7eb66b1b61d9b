import { definePmConfigFormat } from '../format.js';
import { parseIni } from './read.js';

/** `.npmrc`: npm's ini reader (`key=value`, no continuation lines). */
export const format = definePmConfigFormat({
  name: 'npmrc',
  kind: 'pm-config',
  fileNames: ['.npmrc'],
  comments: 'ini',
  ecosystem: 'npm',
  parse: (text) => parseIni(text, { colon: false, continuation: false, sections: true }),
});
