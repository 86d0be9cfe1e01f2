/** How a command writes its one document on stdout. */
import type { Deps } from "../deps.js";
import { type DocumentFormat, serializeDocument } from "../output/serialize.js";

export type { OutputOptions } from "./terminal.js";

/** The document in the terminal's format, picked by its --query if there is one. */
export async function writeDocument(deps: Deps, term: { format: DocumentFormat | "table"; query?: string }, doc: unknown): Promise<void> {
  deps.stdout.write(await serializeDocument(doc, term.format === "table" ? "json" : term.format, term.query));
}
