/**
 * The first key that appears twice in one JSON object, or undefined. JSON.parse keeps the last of
 * duplicate keys silently; a design file must not (YAML's reader refuses them too). One pass over
 * text JSON.parse has already accepted, so only strings, braces and brackets need telling apart.
 */
export function duplicateJsonKey(text: string): string | undefined {
  // A stack of key sets: one per open object, null for an open array.
  const stack: (Set<string> | null)[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const top = stack[stack.length - 1];
      // A string directly followed by ':' is a key of the innermost object.
      let k = j + 1;
      while (k < text.length && (text[k] === " " || text[k] === "\n" || text[k] === "\r" || text[k] === "\t")) k++;
      if (text[k] === ":" && top) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.has(key)) return key;
        top.add(key);
      }
      i = j + 1;
      continue;
    }
    if (ch === "{") stack.push(new Set());
    else if (ch === "[") stack.push(null);
    else if (ch === "}" || ch === "]") stack.pop();
    i++;
  }
  return undefined;
}
