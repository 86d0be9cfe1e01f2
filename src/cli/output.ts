/** How a command writes its one document on stdout. */
import type { Deps } from "../deps.js";
import { serializeDocument } from "../output/serialize.js";

export type { OutputOptions } from "./terminal.js";

export async function writeDocument(deps: Deps, format: "json" | "yaml", doc: unknown): Promise<void> {
  deps.stdout.write(await serializeDocument(doc, format));
}
