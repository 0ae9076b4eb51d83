export function buildBrowser(outfile?: string): Promise<string>;
