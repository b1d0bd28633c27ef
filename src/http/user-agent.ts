/**
 * The User-Agent spritzer sends: "Include a User-Agent header … so that we can track clients and
 * versions" ("Connecting to a streaming endpoint", "Connecting").
 */
import { packageVersion } from '../version.js';

/** `spritzer/<version> node/<version>`. */
export function defaultUserAgent(): string {
  return `spritzer/${packageVersion()} node/${process.versions.node}`;
}
