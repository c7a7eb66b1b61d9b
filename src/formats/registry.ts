/**
 * Every lockfile and package-manager config format Bulkhead reads: the one list. Classification
 * (`scan/kinds.ts`), parse dispatch (`lockfile/parse.ts`, `pm-config/parse.ts`), the manifest
 * rules and the docs read it, and the `LockfileFormat` / `PmConfigFormat` unions are derived from
 * it. A new format is one file exporting `format` (copy `lockfile/go-sum.ts` or
 * `pm-config/npmrc.ts`) plus its line here.
 */
import { format as bun } from './lockfile/bun.js';
import { format as cargo } from './lockfile/cargo.js';
import { format as composer } from './lockfile/composer.js';
import { format as gemfile } from './lockfile/gemfile.js';
import { format as goSum } from './lockfile/go-sum.js';
import { format as npm } from './lockfile/npm.js';
import { format as pipfile } from './lockfile/pipfile.js';
import { format as pnpm } from './lockfile/pnpm.js';
import { format as poetry } from './lockfile/poetry.js';
import { format as requirements } from './lockfile/requirements.js';
import { format as uv } from './lockfile/uv.js';
import { format as yarnBerry } from './lockfile/yarn-berry.js';
import { format as yarnClassic } from './lockfile/yarn-classic.js';
import { format as bunfig } from './pm-config/bunfig.js';
import { format as npmrc } from './pm-config/npmrc.js';
import { format as pipConf } from './pm-config/pip-conf.js';
import { format as pypirc } from './pm-config/pypirc.js';
import { format as yarnrc } from './pm-config/yarnrc.js';
import { format as yarnrcYml } from './pm-config/yarnrc-yml.js';

export const FORMATS = [
  npm,
  yarnClassic,
  yarnBerry,
  pnpm,
  bun,
  requirements,
  pipfile,
  poetry,
  uv,
  goSum,
  cargo,
  gemfile,
  composer,
  npmrc,
  yarnrcYml,
  yarnrc,
  pipConf,
  pypirc,
  bunfig,
] as const;

type Registered = (typeof FORMATS)[number];
export type LockfileFormatName = Extract<Registered, { kind: 'lockfile' }>['name'];
export type PmConfigFormatName = Extract<Registered, { kind: 'pm-config' }>['name'];
