// Types for scripts/third-party.mjs (plain JavaScript so that `npm run bundle` needs no compiler).
export interface Metafile {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      imports: { path: string; kind?: string; external?: boolean }[];
      inputs: Record<string, { bytesInOutput: number }>;
    }
  >;
}
export function thirdPartyNotices(
  metafile: Metafile,
  entryNames: Record<string, string>,
  cwd?: string,
): string;
export function writeThirdPartyNotices(
  metafile: Metafile,
  entryNames: Record<string, string>,
  out?: string,
): number;
