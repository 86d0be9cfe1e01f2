/** One versioned document on stdout, as JSON or YAML (the same document). */
export type OutputFormat = "table" | "json" | "yaml";

export async function serializeDocument(doc: unknown, format: "json" | "yaml"): Promise<string> {
  if (format === "json") return `${JSON.stringify(doc, null, 2)}\n`;
  const { stringify } = await import("yaml");
  return stringify(doc, { lineWidth: 0 });
}
