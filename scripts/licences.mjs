// The licences of the packages an esbuild bundle holds, for the file shipped beside it: each
// package's licence file (or what its package.json says), and the licence comments esbuild lifted
// out of the code (legalComments: "external"). Used by the npm build (dist/) and the single
// executable (build/).
import { readFile, readdir } from "node:fs/promises";

const root = new URL("..", import.meta.url);

/**
 * @param {import("esbuild").Metafile} metafile
 * @param {{ path: string, text: string }[]} outputFiles esbuild's output (the .LEGAL.txt files are read)
 * @param {string} what what the packages are bundled into, for the first line
 */
export async function thirdPartyLicences(metafile, outputFiles, what) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!m) continue;
    const dir = input.slice(0, input.lastIndexOf(`node_modules/${m[1]}/`) + `node_modules/${m[1]}`.length);
    packages.set(dir, m[1]);
  }
  const notices = [];
  for (const [dir, name] of [...packages].sort((a, b) => a[1].localeCompare(b[1]))) {
    const pkg = JSON.parse(await readFile(new URL(`${dir}/package.json`, root), "utf8"));
    const licenceFile = (await readdir(new URL(`${dir}/`, root))).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = licenceFile ? await readFile(new URL(`${dir}/${licenceFile}`, root), "utf8") : `(no licence file; package.json says ${pkg.license ?? "nothing"})`;
    notices.push(`${name} ${pkg.version} (${pkg.license ?? "?"})\n${"-".repeat(72)}\n${text.trim()}\n`);
  }
  const legal = [
    ...new Set(
      outputFiles
        .filter((f) => f.path.endsWith(".LEGAL.txt"))
        .flatMap((f) => f.text.match(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g) ?? [])
        .map((c) => c.replace(/\n[ \t]+/g, "\n ")),
    ),
  ];
  const comments = legal.length > 0 ? `\nLicence comments in the bundled code\n${"-".repeat(72)}\n${legal.join("\n\n")}\n` : "";
  return `Packages bundled into ${what}, with their licences.\n\n${notices.join("\n")}${comments}`;
}
