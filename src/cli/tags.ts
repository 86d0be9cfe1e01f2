/** Tags as az reads them, for create and nodepool add. */
import { UsageError } from "../errors.js";
import { quoted } from "../network/shown.js";
import { text } from "./options.js";

/**
 * Tags as `az` reads them: each argument is one tag, `key=value` or `key` (an empty value), split
 * at the first '='; a value may hold spaces, commas and '=' (quote it in the shell:
 * --tags "owner=Jane Doe" env=prod). An empty argument (--tags "") adds nothing.
 */
export function tagList(this: ThisParameterType<typeof text>, value: string, previous: string[] | undefined): string[] {
  const list = previous ? [...previous] : [];
  if (value !== "") list.push(text.call(this, value));
  return list;
}

/**
 * Azure's tag limits (azure-resource-manager/management/tag-resources, "Limitations"): at most
 * 50 tags per resource; a name of at most 512 characters without <, >, %, &, \, ? or /; a value
 * of at most 256 characters.
 */
const TAG_LIMITS = { count: 50, name: 512, value: 256 } as const;
const TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;

export function parseTags(tags: string[] | undefined, flag = "--tags"): Record<string, string> | undefined {
  if (!tags) return undefined;
  const out: Record<string, string> = {};
  for (const tag of tags) {
    const eq = tag.indexOf("=");
    const name = (eq < 0 ? tag : tag.slice(0, eq)).trim();
    const value = eq < 0 ? "" : tag.slice(eq + 1);
    if (name === "") throw new UsageError(`${flag} ${quoted(tag)}: expected key=value (or key, for an empty value)`);
    if (name.length > TAG_LIMITS.name) throw new UsageError(`${flag} ${quoted(tag)}: a tag name has at most ${TAG_LIMITS.name} characters, this one ${name.length}`);
    if (TAG_NAME_FORBIDDEN.test(name)) throw new UsageError(`${flag} ${quoted(tag)}: a tag name cannot contain <, >, %, &, \\, ? or /`);
    if (value.length > TAG_LIMITS.value) throw new UsageError(`${flag} ${quoted(tag)}: a tag value has at most ${TAG_LIMITS.value} characters, this one ${value.length}`);
    out[name] = value;
  }
  if (Object.keys(out).length > TAG_LIMITS.count) throw new UsageError(`${flag}: ${Object.keys(out).length} tags; Azure allows at most ${TAG_LIMITS.count} on a resource`);
  return out;
}
