/**
 * Path globs for fault matching: a literal request path, or one with wildcards. `*` matches any
 * run of characters within one segment (never a "/"), `**` as a whole segment matches zero or
 * more segments; everything else is literal, compared without regard to case. No user-supplied
 * text ever becomes a RegExp: matching is segment by segment, in time bounded by the product of
 * the pattern's and the path's lengths, so no pattern can stall the server.
 */

/** The longest pattern accepted (a request path is rarely longer than 300 characters). */
export const MAX_PATH_GLOB_LENGTH = 1000;

export const PATH_GLOB_SYNTAX = 'a literal path or a glob starting with "/" ("*" matches within one segment, "**" across segments), e.g. "/**/managedClusters/*"';

/** Why a pattern is not a path glob, or undefined when it is one. */
export function pathGlobProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATH_GLOB_LENGTH) return `is longer than ${MAX_PATH_GLOB_LENGTH} characters`;
  if (/^\^|\$$|\\/.test(pattern)) return `looks like a regular expression; regular expressions are not accepted: give ${PATH_GLOB_SYNTAX}`;
  if (!pattern.startsWith("/")) return `must start with "/": give ${PATH_GLOB_SYNTAX}`;
  if (/[?#]/.test(pattern)) return 'matches the path only: it cannot hold "?" or "#"';
  const bad = segmentsOf(pattern).find((s) => s.includes("**") && s !== "**");
  if (bad !== undefined) return `has "**" inside the segment "${bad}": "**" must be a whole segment`;
  return undefined;
}

/** A path's segments: "/a/b/" -> ["a", "b"], "/" -> []. */
function segmentsOf(path: string): string[] {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? [] : trimmed.split("/").slice(1);
}

/** One segment against a segment pattern whose only wildcard is "*" (leftmost-first is exact for "*"). */
function segmentMatches(pattern: string, segment: string): boolean {
  const parts = pattern.split("*");
  if (parts.length === 1) return pattern === segment;
  const first = parts[0] as string;
  const last = parts.at(-1) as string;
  if (segment.length < first.length + last.length || !segment.startsWith(first) || !segment.endsWith(last)) return false;
  let at = first.length;
  const end = segment.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = segment.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/** A matcher for a checked pattern (see pathGlobProblem): true when the whole path matches. */
export function compilePathGlob(pattern: string): (path: string) => boolean {
  const globs = segmentsOf(pattern.toLowerCase());
  return (path: string): boolean => {
    const segments = segmentsOf(path.toLowerCase());
    const width = segments.length + 1;
    // ends[i * width + j]: globs from i on match segments from j on. Filled from the end, no recursion.
    const ends = new Uint8Array((globs.length + 1) * width);
    ends[globs.length * width + segments.length] = 1;
    for (let i = globs.length - 1; i >= 0; i--) {
      const glob = globs[i] as string;
      for (let j = segments.length; j >= 0; j--) {
        const here = i * width + j;
        if (glob === "**") ends[here] = ends[here + width] || (j < segments.length ? ends[here + 1] : 0) ? 1 : 0;
        else ends[here] = j < segments.length && ends[here + width + 1] && segmentMatches(glob, segments[j] as string) ? 1 : 0;
      }
    }
    return ends[0] === 1;
  };
}
