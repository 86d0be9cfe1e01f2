/**
 * The YAML package, loaded on first use. Bundled, a CommonJS package's functions sit on the
 * module's default export; unbundled (tests), on the module itself: either works.
 */
export type Yaml = typeof import("yaml");

export async function loadYaml(): Promise<Yaml> {
  const mod = (await import("yaml")) as Yaml & { default?: Yaml };
  return mod.default ?? mod;
}
