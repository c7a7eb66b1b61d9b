import { definePmConfigFormat } from '../format.js';
import { parseIni } from './read.js';

/** `pip.conf` / `pip.ini`: Python configparser syntax. */
export const format = definePmConfigFormat({
  name: 'pip-conf',
  kind: 'pm-config',
  fileNames: ['pip.conf', 'pip.ini'],
  comments: 'ini',
  ecosystem: 'PyPI',
  parse: (text) => parseIni(text, { colon: true, continuation: true, sections: true }),
});
