import { definePmConfigFormat } from '../format.js';
import { parseIni } from './read.js';

/** `.pypirc`: upload targets, Python configparser syntax. */
export const format = definePmConfigFormat({
  name: 'pypirc',
  kind: 'pm-config',
  fileNames: ['.pypirc'],
  comments: 'ini',
  ecosystem: 'PyPI',
  parse: (text) => parseIni(text, { colon: true, continuation: true, sections: true }),
});
