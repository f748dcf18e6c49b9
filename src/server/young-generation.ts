import { setFlagsFromString } from "node:v8";

/** V8's own default for --semi-space-growth-factor. */
const defaultGrowthFactor = 2;

/**
 * Start-up keeps most of what it allocates (modules, the parsed cost map, the compiled config),
 * and V8 answers survivors by doubling the young generation up to its 32 MB maximum, which then
 * stays resident while the gateway idles: about 30 MB of RSS for a moment that never returns.
 * So `bin/switchyard.mjs` starts the process with a growth factor of 1, before any module loads,
 * and the server calls this once it listens: under traffic V8 grows the young generation again
 * as the requests need. The factor is read at each resize, so it can change at run time (the
 * maximum cannot); should a V8 stop honouring it, only that memory is lost.
 */
export function letYoungGenerationGrow(): void {
  try {
    setFlagsFromString(`--semi-space-growth-factor=${defaultGrowthFactor}`);
  } catch {
    // A V8 that refuses flags at run time never took the start-up setting either.
  }
}
