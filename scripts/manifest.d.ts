/** Types of scripts/manifest.js (plain CommonJS so that webpack.config.js can use it as is). */
export declare const DEV_URL: string;
export declare const NS: { app: string; bt: string; ov: string; xsi: string };
export declare function normaliseAddinUrl(addinUrl: string): string;
export declare function manifestForUrl(xml: string, addinUrl: string): string;
export interface CheckOptions {
  readFile?: (relPath: string) => Buffer | null;
  base?: string;
  packageVersion?: string;
  iconSizes?: number[];
}
export declare function checkManifest(xml: string, options?: CheckOptions): string[];
