/**
 * Package ecosystems by the names OSV uses (`ecosystem` in an OSV query and in advisories), so
 * a lockfile entry can be looked up as it is. Lockfile parsers, rules, `refs/` and `intel/` all
 * speak this one vocabulary.
 */
export type Ecosystem = 'npm' | 'PyPI' | 'Go' | 'crates.io' | 'RubyGems' | 'Packagist';
