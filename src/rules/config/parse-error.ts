import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'config/parse-error',
  kind: 'config',
  severity: 'high',
  title: 'Package-manager config could not be parsed',
  description:
    'A package-manager config file (.npmrc, .yarnrc.yml, pip.conf, bunfig.toml, ...) could not be read as its format, so none of its settings (registries, TLS, credentials) were checked.',
  fix: 'Fix the syntax error at the position given.',
  examples: {
    bad: 'npmRegistryServer: [unclosed',
    good: 'npmRegistryServer: "https://registry.yarnpkg.com"',
    language: 'yaml',
  },
});
