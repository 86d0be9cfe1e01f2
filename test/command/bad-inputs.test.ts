/**
 * The bad-input corpus for `aks-overlay validate`: every malformed flag, value and design file
 * must end in a usage error (exit 2) or a validation error finding (exit 3) that names the
 * offending value (and, for usage errors, the flag or file path). Never exit 1, never a stack
 * trace.
 *
 * Rules (from the CLI contract and the overlay rulebook):
 * - exit 2: unknown flags and commands, missing option arguments, values not among choices,
 *   non-integer numbers, design-file problems (missing, empty, unreadable, malformed, wrong
 *   shape, wrong types, unknown keys, bad enums), conflicting flags.
 * - exit 3: values that parse as flags but break a rule: malformed CIDRs and IPs, out-of-range
 *   counts, invalid surge, bad IP families, bad names and ids, bad Kubernetes versions.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";

type FakeFiles = Record<string, string | NodeJS.ErrnoException>;

interface Case {
  name: string;
  /** The full argument list, starting with the command. Exit-3 cases get `-o json` added after it. */
  args: string[];
  files?: FakeFiles;
  code: 2 | 3;
  /** Text the message must contain: for exit 2 in stderr; for exit 3 in one finding's field, message or values. */
  mentions: string[];
  /** Exit 3: the code of the error finding that must be reported. */
  findingCode?: string;
  /** Compare mentions without regard to case (for values whose spelling may vary, e.g. Infinity / .inf). */
  ignoreCase?: boolean;
}

/** An error as fs.readFile throws it. */
function fsError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/** A one-file design named d.yaml. */
const design = (text: string): FakeFiles => ({ "d.yaml": text });

const GUID = "00000000-0000-0000-0000-000000000000";
const subnetId = (vnet: string, subnet: string, rg = "rg"): string =>
  `/subscriptions/${GUID}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;
const long = (ch: string, n: number): string => ch.repeat(n);
const HUGE = "9".repeat(400);
/** A YAML "billion laughs": each level multiplies the aliases by ten. */
const ALIAS_BOMB = ["a: &a [x,x,x,x,x,x,x,x,x,x]", ...["b", "c", "d", "e", "f"].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${"abcde"[i]}`).join(",")}]`)].join("\n") + "\n";

const usageCases: Case[] = [
  // Flags commander refuses.
  { name: "unknown flag", args: ["validate", "--pod-cidrr", "10.244.0.0/16"], code: 2, mentions: ["--pod-cidrr"] },
  { name: "unknown flag with =value", args: ["validate", "--bogus=1"], code: 2, mentions: ["--bogus"] },
  { name: "unknown short flag", args: ["validate", "-z"], code: 2, mentions: ["-z"] },
  { name: "unknown command", args: ["valdate"], code: 2, mentions: ["valdate"] },
  { name: "excess positional argument", args: ["validate", "extra"], code: 2, mentions: ["extra"] },
  { name: "missing argument: --pod-cidr", args: ["validate", "--pod-cidr"], code: 2, mentions: ["--pod-cidr"] },
  { name: "missing argument: --max-pods", args: ["validate", "--max-pods"], code: 2, mentions: ["--max-pods"] },
  { name: "missing argument: --file", args: ["validate", "--file"], code: 2, mentions: ["--file"] },
  { name: "missing argument: -o", args: ["validate", "-o"], code: 2, mentions: ["--output"] },
  { name: "missing argument: --node-count", args: ["validate", "--node-count"], code: 2, mentions: ["--node-count"] },
  { name: "missing argument: --name", args: ["validate", "-n"], code: 2, mentions: ["--name"] },
  // Values not among choices.
  { name: "--network-policy not a choice", args: ["validate", "--network-policy", "flannel"], code: 2, mentions: ["--network-policy", "flannel"] },
  { name: "--network-policy empty", args: ["validate", "--network-policy", ""], code: 2, mentions: ["--network-policy"] },
  { name: "--network-dataplane not a choice", args: ["validate", "--network-dataplane", "kubenet"], code: 2, mentions: ["--network-dataplane", "kubenet"] },
  { name: "--outbound-type not a choice", args: ["validate", "--outbound-type", "nat"], code: 2, mentions: ["--outbound-type", "nat"] },
  { name: "--vm-set-type not a choice", args: ["validate", "--vm-set-type", "VMSS"], code: 2, mentions: ["--vm-set-type", "VMSS"] },
  { name: "--os-type not a choice", args: ["validate", "--os-type", "macOS"], code: 2, mentions: ["--os-type", "macOS"] },
  { name: "-o not a choice", args: ["validate", "-o", "xml"], code: 2, mentions: ["--output", "xml"] },
  { name: "-o is case-sensitive", args: ["validate", "-o", "JSON"], code: 2, mentions: ["--output", "JSON"] },
  // Numbers that are not whole numbers.
  { name: "--max-pods not a number", args: ["validate", "--max-pods", "abc"], code: 2, mentions: ["--max-pods", "abc"] },
  { name: "--max-pods fraction", args: ["validate", "--max-pods", "1.5"], code: 2, mentions: ["--max-pods", "1.5"] },
  { name: "--max-pods empty", args: ["validate", "--max-pods", ""], code: 2, mentions: ["--max-pods"] },
  { name: "--max-pods exponent", args: ["validate", "--max-pods", "1e2"], code: 2, mentions: ["--max-pods", "1e2"] },
  { name: "--max-pods hex", args: ["validate", "--max-pods", "0x10"], code: 2, mentions: ["--max-pods", "0x10"] },
  { name: "--max-pods beyond safe integers", args: ["validate", "--max-pods", "99999999999999999999"], code: 2, mentions: ["--max-pods", "99999999999999999999"] },
  { name: "--node-count a word", args: ["validate", "--node-count", "three"], code: 2, mentions: ["--node-count", "three"] },
  { name: "--node-count fraction", args: ["validate", "--node-count", "2.5"], code: 2, mentions: ["--node-count", "2.5"] },
  { name: "--min-count not a number", args: ["validate", "--enable-cluster-autoscaler", "--min-count", "x", "--max-count", "3"], code: 2, mentions: ["--min-count", "x"] },
  { name: "--max-count with a decimal point", args: ["validate", "--enable-cluster-autoscaler", "--min-count", "1", "--max-count", "10.0"], code: 2, mentions: ["--max-count", "10.0"] },
  { name: "--max-count exponent", args: ["validate", "--enable-cluster-autoscaler", "--min-count", "1", "--max-count", "1e3"], code: 2, mentions: ["--max-count", "1e3"] },
  // Conflicting flags.
  {
    name: "--pod-cidr and --pod-cidrs disagree",
    args: ["validate", "--pod-cidr", "10.244.0.0/16", "--pod-cidrs", "10.245.0.0/16"],
    code: 2,
    mentions: ["--pod-cidr", "--pod-cidrs", "10.244.0.0/16", "10.245.0.0/16"],
  },
  {
    name: "--service-cidr and --service-cidrs disagree",
    args: ["validate", "--service-cidr", "10.0.0.0/16", "--service-cidrs", "10.1.0.0/16"],
    code: 2,
    mentions: ["--service-cidr", "--service-cidrs", "10.0.0.0/16", "10.1.0.0/16"],
  },
  {
    name: "--nodepool-name with two file pools",
    args: ["validate", "--file", "d.yaml", "--nodepool-name", "x"],
    files: design("nodePools:\n  - name: a\n  - name: b\n"),
    code: 2,
    mentions: ["--nodepool-name", "2 pools"],
  },
  {
    name: "--nodepool-name with three file pools",
    args: ["validate", "--file", "d.yaml", "--nodepool-name", "x"],
    files: design("nodePools:\n  - name: a\n  - name: b\n  - name: c\n"),
    code: 2,
    mentions: ["--nodepool-name", "3 pools"],
  },
  {
    name: "file podCidr and podCidrs disagree",
    args: ["validate", "--file", "d.yaml"],
    files: design("podCidr: 10.244.0.0/16\npodCidrs: [10.100.0.0/16]\n"),
    code: 2,
    mentions: ["10.244.0.0/16", "10.100.0.0/16"],
  },
];

const fileCases: Case[] = [
  // The file cannot be read.
  { name: "file missing", args: ["validate", "--file", "missing.yaml"], code: 2, mentions: ["--file", "missing.yaml", "no such file"] },
  { name: "file empty", args: ["validate", "--file", "d.yaml"], files: design(""), code: 2, mentions: ["d.yaml", "empty"] },
  { name: "file only whitespace", args: ["validate", "--file", "d.yaml"], files: design("  \n\n\t\n"), code: 2, mentions: ["d.yaml", "empty"] },
  {
    name: "file is a directory",
    args: ["validate", "--file", "designs"],
    files: { designs: fsError("EISDIR", "EISDIR: illegal operation on a directory, read") },
    code: 2,
    mentions: ["--file", "designs", "directory"],
  },
  {
    name: "file permission denied (EACCES)",
    args: ["validate", "--file", "secret.yaml"],
    files: { "secret.yaml": fsError("EACCES", "EACCES: permission denied, open 'secret.yaml'") },
    code: 2,
    mentions: ["--file", "secret.yaml", "permission denied"],
  },
  {
    name: "file not permitted (EPERM)",
    args: ["validate", "--file", "locked.yaml"],
    files: { "locked.yaml": fsError("EPERM", "EPERM: operation not permitted, open 'locked.yaml'") },
    code: 2,
    mentions: ["--file", "locked.yaml", "permission denied"],
  },
  {
    name: "file read fails (EIO)",
    args: ["validate", "--file", "flaky.yaml"],
    files: { "flaky.yaml": fsError("EIO", "EIO: i/o error, read") },
    code: 2,
    mentions: ["--file", "flaky.yaml", "EIO"],
  },
  // Malformed YAML / JSON.
  { name: "YAML unclosed flow sequence", args: ["validate", "--file", "d.yaml"], files: design("podCidr: [unclosed\n"), code: 2, mentions: ["d.yaml", "line 2"] },
  { name: "JSON unterminated", args: ["validate", "--file", "d.json"], files: { "d.json": '{"podCidr": ' }, code: 2, mentions: ["d.json", "not valid YAML or JSON"] },
  { name: "YAML bad escape", args: ["validate", "--file", "d.yaml"], files: design('podCidr: "\\x"\n'), code: 2, mentions: ["d.yaml", "line 1"] },
  { name: "YAML tab indentation", args: ["validate", "--file", "d.yaml"], files: design("podCidr: 10.244.0.0/16\n\tserviceCidr: 10.0.0.0/16\n"), code: 2, mentions: ["d.yaml", "line 2"] },
  { name: "YAML several documents", args: ["validate", "--file", "d.yaml"], files: design("podCidr: 10.244.0.0/16\n---\nmaxPods: 30\n"), code: 2, mentions: ["d.yaml", "2 YAML documents"] },
  { name: "YAML duplicate key names the key", args: ["validate", "--file", "d.yaml"], files: design("podCidr: 10.244.0.0/16\npodCidr: 10.245.0.0/16\n"), code: 2, mentions: ["d.yaml", "podCidr"] },
  { name: "YAML unresolved alias", args: ["validate", "--file", "d.yaml"], files: design("podCidr: *nope\n"), code: 2, mentions: ["d.yaml", "nope"] },
  { name: "YAML alias bomb", args: ["validate", "--file", "d.yaml"], files: design(ALIAS_BOMB), code: 2, mentions: ["d.yaml"] },
  // Not a mapping.
  // A file that is not a design is described, never quoted (it may be a credentials file).
  { name: "file is a list", args: ["validate", "--file", "d.yaml"], files: design("- a\n- b\n"), code: 2, mentions: ["d.yaml", "mapping", "a list of 2 items"] },
  { name: "file is a string", args: ["validate", "--file", "d.yaml"], files: design("just a string\n"), code: 2, mentions: ["d.yaml", "mapping", "a single string of 13 characters"] },
  { name: "file is a number", args: ["validate", "--file", "d.yaml"], files: design("42\n"), code: 2, mentions: ["d.yaml", "mapping", "a number"] },
  { name: "file is null", args: ["validate", "--file", "d.yaml"], files: design("null\n"), code: 2, mentions: ["d.yaml", "mapping", "null"] },
  { name: "file is only a comment", args: ["validate", "--file", "d.yaml"], files: design("# nothing here\n"), code: 2, mentions: ["d.yaml", "mapping"] },
  { name: "file is a JSON array", args: ["validate", "--file", "d.json"], files: { "d.json": '[{"podCidr": "10.244.0.0/16"}]' }, code: 2, mentions: ["d.json", "mapping", "podCidr"] },
  // Wrong types.
  { name: "podCidr a number", args: ["validate", "--file", "d.yaml"], files: design("podCidr: 10\n"), code: 2, mentions: ["d.yaml", "podCidr", "10"] },
  { name: "maxPods a word", args: ["validate", "--file", "d.yaml"], files: design("maxPods: abc\n"), code: 2, mentions: ["d.yaml", "maxPods", "abc"] },
  { name: "maxPods a fraction", args: ["validate", "--file", "d.yaml"], files: design("maxPods: 1.5\n"), code: 2, mentions: ["d.yaml", "maxPods", "1.5"] },
  { name: "maxPods a quoted number", args: ["validate", "--file", "d.yaml"], files: design('maxPods: "110"\n'), code: 2, mentions: ["d.yaml", "maxPods", "110"] },
  { name: "maxPods beyond safe integers", args: ["validate", "--file", "d.yaml"], files: design("maxPods: 1e20\n"), code: 2, mentions: ["d.yaml", "maxPods", "100000000000000000000"] },
  { name: "maxPods infinite (.inf)", args: ["validate", "--file", "d.yaml"], files: design("maxPods: .inf\n"), code: 2, mentions: ["d.yaml", "maxPods", "inf"], ignoreCase: true },
  { name: "maxPods overflowing (1e400)", args: ["validate", "--file", "d.yaml"], files: design("maxPods: 1e400\n"), code: 2, mentions: ["d.yaml", "maxPods", "inf"], ignoreCase: true },
  { name: "maxPods not a number (.nan)", args: ["validate", "--file", "d.yaml"], files: design("maxPods: .nan\n"), code: 2, mentions: ["d.yaml", "maxPods", "nan"], ignoreCase: true },
  { name: "nodeCount a boolean", args: ["validate", "--file", "d.yaml"], files: design("nodeCount: true\n"), code: 2, mentions: ["d.yaml", "nodeCount", "true"] },
  { name: "enableClusterAutoscaler a string", args: ["validate", "--file", "d.yaml"], files: design('enableClusterAutoscaler: "yes"\n'), code: 2, mentions: ["d.yaml", "enableClusterAutoscaler", "yes"] },
  { name: "podCidrs a number", args: ["validate", "--file", "d.yaml"], files: design("podCidrs: 5\n"), code: 2, mentions: ["d.yaml", "podCidrs", "5"] },
  { name: "podCidrs a list of numbers", args: ["validate", "--file", "d.yaml"], files: design("podCidrs: [1, 2]\n"), code: 2, mentions: ["d.yaml", "podCidrs", "[1,2]"] },
  { name: "kubernetesVersion a boolean", args: ["validate", "--file", "d.yaml"], files: design("kubernetesVersion: true\n"), code: 2, mentions: ["d.yaml", "kubernetesVersion", "true"] },
  { name: "podCidr a binary value", args: ["validate", "--file", "d.yaml"], files: design("podCidr: !!binary aGVsbG8=\n"), code: 2, mentions: ["d.yaml", "podCidr"] },
  // Unknown keys.
  { name: "unknown key podCIDR (suggests podCidr)", args: ["validate", "--file", "d.yaml"], files: design("podCIDR: 10.244.0.0/16\n"), code: 2, mentions: ["d.yaml", "podCIDR", "podCidr"] },
  { name: "unknown key pod_cidr (suggests podCidr)", args: ["validate", "--file", "d.yaml"], files: design("pod_cidr: 10.244.0.0/16\n"), code: 2, mentions: ["d.yaml", "pod_cidr", "podCidr"] },
  { name: "unknown key colour", args: ["validate", "--file", "d.yaml"], files: design("colour: blue\n"), code: 2, mentions: ["d.yaml", "colour"] },
  { name: "unknown key __proto__", args: ["validate", "--file", "d.yaml"], files: design("__proto__:\n  podCidr: 1.2.3.0/24\n"), code: 2, mentions: ["d.yaml", "__proto__"] },
  // YAML merge keys are read; a merge of something that is no mapping is refused.
  { name: "merge key of a number", args: ["validate", "--file", "d.yaml"], files: design("<<: 5\n"), code: 2, mentions: ["d.yaml", "Merge sources must be maps"] },
  // Bad enum values (case does not matter, as with the flags: "Cilium" is cilium).
  { name: "networkPolicy flannel", args: ["validate", "--file", "d.yaml"], files: design("networkPolicy: flannel\n"), code: 2, mentions: ["d.yaml", "networkPolicy", "flannel"] },
  { name: "networkDataplane kubenet", args: ["validate", "--file", "d.yaml"], files: design("networkDataplane: Kubenet\n"), code: 2, mentions: ["d.yaml", "networkDataplane", "Kubenet"] },
  { name: "outboundType nat", args: ["validate", "--file", "d.yaml"], files: design("outboundType: nat\n"), code: 2, mentions: ["d.yaml", "outboundType", "nat"] },
  { name: "osType macOS", args: ["validate", "--file", "d.yaml"], files: design("osType: macOS\n"), code: 2, mentions: ["d.yaml", "osType", "macOS"] },
  { name: "vmSetType VMSS", args: ["validate", "--file", "d.yaml"], files: design("vmSetType: VMSS\n"), code: 2, mentions: ["d.yaml", "vmSetType", "VMSS"] },
  // nodePools.
  { name: "nodePools empty", args: ["validate", "--file", "d.yaml"], files: design("nodePools: []\n"), code: 2, mentions: ["d.yaml", "nodePools", "empty"] },
  { name: "nodePools a mapping", args: ["validate", "--file", "d.yaml"], files: design("nodePools: {}\n"), code: 2, mentions: ["d.yaml", "nodePools", "{}"] },
  { name: "nodePools a string", args: ["validate", "--file", "d.yaml"], files: design("nodePools: pool1\n"), code: 2, mentions: ["d.yaml", "nodePools", "pool1"] },
  { name: "nodePools item a number", args: ["validate", "--file", "d.yaml"], files: design("nodePools:\n  - 5\n"), code: 2, mentions: ["d.yaml", "nodePools[0]", "5"] },
  { name: "nodePools item null", args: ["validate", "--file", "d.yaml"], files: design("nodePools:\n  - null\n"), code: 2, mentions: ["d.yaml", "nodePools[0]", "null"] },
  {
    name: "nodePools[1].maxPods a word",
    args: ["validate", "--file", "d.yaml"],
    files: design("nodePools:\n  - name: a\n  - name: b\n    maxPods: abc\n"),
    code: 2,
    mentions: ["d.yaml", "nodePools[1].maxPods", "abc"],
  },
  {
    name: "nodePools[1].count a quoted number",
    args: ["validate", "--file", "d.yaml"],
    files: design('nodePools:\n  - name: a\n  - name: b\n    count: "3"\n'),
    code: 2,
    mentions: ["d.yaml", "nodePools[1].count", "3"],
  },
  { name: "nodePools[0].mode not a mode", args: ["validate", "--file", "d.yaml"], files: design("nodePools:\n  - name: a\n    mode: primary\n"), code: 2, mentions: ["d.yaml", "nodePools[0].mode", "primary"] },
  { name: "nodePools[0] unknown key", args: ["validate", "--file", "d.yaml"], files: design("nodePools:\n  - name: a\n    sku: x\n"), code: 2, mentions: ["d.yaml", "nodePools[0]", "sku"] },
  {
    name: "nodePools[0] snake_case key (suggests minCount)",
    args: ["validate", "--file", "d.yaml"],
    files: design("nodePools:\n  - name: a\n    min_count: 1\n"),
    code: 2,
    mentions: ["d.yaml", "nodePools[0]", "min_count", "minCount"],
  },
  { name: "nodePools[0].maxSurge a fraction", args: ["validate", "--file", "d.yaml"], files: design("nodePools:\n  - name: a\n    maxSurge: 1.5\n"), code: 2, mentions: ["d.yaml", "nodePools[0].maxSurge", "1.5"] },
  { name: "nodePools[0].name a number", args: ["validate", "--file", "d.yaml"], files: design("nodePools:\n  - name: 1\n"), code: 2, mentions: ["d.yaml", "nodePools[0].name", "1"] },
  {
    name: "several problems, each with its path",
    args: ["validate", "--file", "d.yaml"],
    files: design("name: 123\nmaxPods: x\ncolour: blue\n"),
    code: 2,
    mentions: ["d.yaml", "3 problems", "name", "123", "maxPods", '"x"', "colour"],
  },
  { name: "stdin design with a problem", args: ["validate", "--file", "-"], files: { "-": "maxPods: x\n" }, code: 2, mentions: ["(stdin)", "maxPods", '"x"'] },
  // Bounds: size, depth and what a file that is not a design shows.
  { name: "file over 5 MiB", args: ["validate", "--file", "big.yaml"], files: { "big.yaml": `# ${"x".repeat(5 * 1024 * 1024)}\n` }, code: 2, mentions: ["--file", "big.yaml", "5 MiB"] },
  { name: "JSON nested 3,000 deep", args: ["validate", "--file", "d.json"], files: { "d.json": `{"podCidrs": ${"[".repeat(3000)}${"]".repeat(3000)}}` }, code: 2, mentions: ["d.json", "64 levels"] },
  { name: "YAML nested 3,000 deep", args: ["validate", "--file", "d.yaml"], files: design(`${"- ".repeat(3000)}x\n`), code: 2, mentions: ["d.yaml", "64 levels"] },
  { name: "YAML nested 65 deep", args: ["validate", "--file", "d.yaml"], files: design(`nodePools: ${"[".repeat(64)}${"]".repeat(64)}\n`), code: 2, mentions: ["d.yaml", "64 levels"] },
  { name: "file of environment variables (binary)", args: ["validate", "--file", "/proc/self/environ"], files: { "/proc/self/environ": "AWS_SECRET_ACCESS_KEY=hunter2\u0000HOME=/root\u0000" }, code: 2, mentions: ["/proc/self/environ", "binary"] },
  { name: "file that is one long string", args: ["validate", "--file", "creds"], files: { creds: "aws_secret_access_key = hunter2 and more\n" }, code: 2, mentions: ["creds", "a single string of 40 characters"] },
  { name: "file with a 5,000-character value", args: ["validate", "--file", "d.yaml"], files: design(`podCidr: ${long("a", 5000)}\n`), code: 2, mentions: ["d.yaml", "podCidr", "5,000 characters"] },
  { name: "a password file read by mistake: not echoed", args: ["validate", "--file", "d.yaml"], files: design("root:*:20228:0:99999:7:::\nhunter2:$6$salt$hash:20228:0:99999:7:::\n"), code: 2, mentions: ["d.yaml", "not a design file"] },
  { name: "a design with one line of another file: the line not echoed", args: ["validate", "--file", "d.yaml"], files: design("podCidr: 10.0.0.0/8\nhunter2:$6$salt$hash:20228:0:99999:7:::\n"), code: 2, mentions: ["d.yaml", "not shown"] },
  { name: "file with a 10,000-character unknown key", args: ["validate", "--file", "d.yaml"], files: design(`? ${long("k", 10000)}\n: 1\n`), code: 2, mentions: ["d.yaml", "not a design file"] },
  { name: "--pod-cidr of 10 MB", args: ["validate", "--pod-cidr", long("a", 10_000_000)], code: 2, mentions: ["--pod-cidr", "10,000,000 characters"] },
  { name: "--peered-cidrs entry of 5,000 characters", args: ["validate", "--peered-cidrs", `10.0.0.0/16,${long("1", 5000)}`], code: 2, mentions: ["--peered-cidrs", "5,000 characters"] },
  { name: "--max-pods of 1 MB", args: ["validate", "--max-pods", long("9", 1_000_000)], code: 2, mentions: ["--max-pods", "(1,000,000 characters)"] },
];

const findingCases: Case[] = [
  { name: "pod CIDR prefix with a leading zero", args: ["validate", "--pod-cidr", "10.244.0.0/016"], code: 3, findingCode: "InvalidCidr", mentions: ["10.244.0.0/016"] },
  // Pod CIDR: malformed.
  { name: "pod CIDR with host bits", args: ["validate", "--pod-cidr", "10.244.1.0/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.244.1.0/16", "10.244.0.0/16"] },
  { name: "pod CIDR octet over 255", args: ["validate", "--pod-cidr", "10.256.0.0/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.256.0.0/16"] },
  { name: "pod CIDR octet with a leading zero", args: ["validate", "--pod-cidr", "10.044.0.0/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.044.0.0/16"] },
  { name: "pod CIDR prefix /33", args: ["validate", "--pod-cidr", "10.244.0.0/33"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.244.0.0/33"] },
  { name: "pod CIDR prefix negative", args: ["validate", "--pod-cidr", "10.244.0.0/-1"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.244.0.0/-1"] },
  { name: "pod CIDR prefix in exponent form", args: ["validate", "--pod-cidr", "10.244.0.0/1e1"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.244.0.0/1e1"] },
  { name: "pod CIDR without a prefix", args: ["validate", "--pod-cidr", "10.244.0.0"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.244.0.0"] },
  { name: "pod CIDR with an empty prefix", args: ["validate", "--pod-cidr", "10.244.0.0/"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.244.0.0/"] },
  { name: "pod CIDR without an address", args: ["validate", "--pod-cidr", "/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "/16"] },
  { name: "pod CIDR empty", args: ["validate", "--pod-cidr", ""], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", '""'] },
  { name: "pod CIDR three octets", args: ["validate", "--pod-cidr", "10.244.0/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.244.0/16"] },
  { name: "pod CIDR five octets", args: ["validate", "--pod-cidr", "10.244.0.0.0/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.244.0.0.0/16"] },
  { name: "pod CIDR with a leading space", args: ["validate", "--pod-cidr", " 10.244.0.0/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", " 10.244.0.0/16"] },
  { name: "pod CIDR two slashes", args: ["validate", "--pod-cidr", "10.244.0.0/16/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.244.0.0/16/16"] },
  { name: "pod CIDR a word", args: ["validate", "--pod-cidr", "abc"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "abc"] },
  { name: "pod CIDR with full-width digits", args: ["validate", "--pod-cidr", "１0.244.0.0/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "１0.244.0.0/16"] },
  { name: "pod CIDR IPv6 in the IPv4 position", args: ["validate", "--pod-cidr", "fd00::/64"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "fd00::/64"] },
  // Pod CIDRs: dual-stack.
  {
    name: "dual-stack pod CIDRs in the wrong order",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--pod-cidrs", "fd00::/64,10.244.0.0/16"],
    code: 3,
    findingCode: "IpFamiliesMismatch",
    mentions: ["--pod-cidrs", "fd00::/64"],
  },
  {
    name: "dual-stack second pod CIDR IPv4",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--pod-cidrs", "10.244.0.0/16,10.245.0.0/16"],
    code: 3,
    findingCode: "InvalidCidr",
    mentions: ["--pod-cidrs", "10.245.0.0/16"],
  },
  {
    name: "dual-stack with one pod CIDR",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--pod-cidrs", "10.244.0.0/16"],
    code: 3,
    findingCode: "IpFamiliesMismatch",
    mentions: ["--pod-cidrs", "10.244.0.0/16"],
  },
  {
    name: "IPv6 pod CIDR with host bits",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--pod-cidrs", "10.244.0.0/16,fd00::1/64"],
    code: 3,
    findingCode: "InvalidCidr",
    mentions: ["--pod-cidrs", "fd00::1/64", "fd00::/64"],
  },
  {
    name: "IPv6 pod CIDR prefix /129",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--pod-cidrs", "10.244.0.0/16,fd00::/129"],
    code: 3,
    findingCode: "InvalidCidr",
    mentions: ["--pod-cidrs", "fd00::/129"],
  },
  {
    name: "IPv6 pod CIDR with three colons",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--pod-cidrs", "10.244.0.0/16,fd00:::/64"],
    code: 3,
    findingCode: "InvalidCidr",
    mentions: ["--pod-cidrs", "fd00:::/64"],
  },
  {
    name: "IPv6 pod CIDR with non-hex digits",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--pod-cidrs", "10.244.0.0/16,gg::/64"],
    code: 3,
    findingCode: "InvalidCidr",
    mentions: ["--pod-cidrs", "gg::/64"],
  },
  {
    name: "IPv6 pod CIDR with nine groups",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--pod-cidrs", "10.244.0.0/16,1:2:3:4:5:6:7:8:9/64"],
    code: 3,
    findingCode: "InvalidCidr",
    mentions: ["--pod-cidrs", "1:2:3:4:5:6:7:8:9/64"],
  },
  {
    name: "two pod CIDRs on a single-stack cluster",
    args: ["validate", "--pod-cidrs", "10.244.0.0/16,fd00::/64"],
    code: 3,
    findingCode: "IpFamiliesMismatch",
    mentions: ["--pod-cidrs", "10.244.0.0/16", "fd00::/64"],
  },
  { name: "pod CIDRs with an empty element", args: ["validate", "--pod-cidrs", "10.244.0.0/16,"], code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidrs", '""'] },
  // Service CIDR.
  { name: "service CIDR with host bits", args: ["validate", "--service-cidr", "10.0.0.1/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--service-cidr", "10.0.0.1/16", "10.0.0.0/16"] },
  { name: "service CIDR IPv6 in the IPv4 position", args: ["validate", "--service-cidr", "fd00::/108"], code: 3, findingCode: "InvalidCidr", mentions: ["--service-cidr", "fd00::/108"] },
  { name: "service CIDR empty", args: ["validate", "--service-cidr", ""], code: 3, findingCode: "InvalidCidr", mentions: ["--service-cidr", '""'] },
  { name: "service CIDR prefix /40", args: ["validate", "--service-cidr", "10.0.0.0/40"], code: 3, findingCode: "InvalidCidr", mentions: ["--service-cidr", "10.0.0.0/40"] },
  {
    name: "three service CIDRs on dual-stack",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--service-cidrs", "10.0.0.0/16,fd00::/108,fd01::/108"],
    code: 3,
    findingCode: "IpFamiliesMismatch",
    mentions: ["--service-cidrs", "fd01::/108"],
  },
  // DNS service IP.
  { name: "DNS IP octet over 255", args: ["validate", "--dns-service-ip", "10.0.0.256"], code: 3, findingCode: "InvalidIpAddress", mentions: ["--dns-service-ip", "10.0.0.256"] },
  { name: "DNS IP octet with a leading zero", args: ["validate", "--dns-service-ip", "10.0.0.010"], code: 3, findingCode: "InvalidIpAddress", mentions: ["--dns-service-ip", "10.0.0.010"] },
  { name: "DNS IP empty", args: ["validate", "--dns-service-ip", ""], code: 3, findingCode: "InvalidIpAddress", mentions: ["--dns-service-ip", '""'] },
  { name: "DNS IP IPv6", args: ["validate", "--dns-service-ip", "fd00::10"], code: 3, findingCode: "InvalidIpAddress", mentions: ["--dns-service-ip", "fd00::10"] },
  { name: "DNS IP with a prefix", args: ["validate", "--dns-service-ip", "10.0.0.10/32"], code: 3, findingCode: "InvalidIpAddress", mentions: ["--dns-service-ip", "10.0.0.10/32"] },
  { name: "DNS IP a word", args: ["validate", "--dns-service-ip", "dns"], code: 3, findingCode: "InvalidIpAddress", mentions: ["--dns-service-ip", "dns"] },
  { name: "DNS IP three octets", args: ["validate", "--dns-service-ip", "10.0.0"], code: 3, findingCode: "InvalidIpAddress", mentions: ["--dns-service-ip", "10.0.0"] },
  { name: "DNS IP bad IPv6", args: ["validate", "--dns-service-ip", "fd00::zz"], code: 3, findingCode: "InvalidIpAddress", mentions: ["--dns-service-ip", "fd00::zz"] },
  // VNet, node subnet, peered ranges.
  { name: "VNet CIDR octet over 255", args: ["validate", "--vnet-cidrs", "10.300.0.0/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--vnet-cidrs", "10.300.0.0/16"] },
  { name: "VNet CIDRs with a trailing comma", args: ["validate", "--vnet-cidrs", "10.224.0.0/12,"], code: 3, findingCode: "InvalidCidr", mentions: ["--vnet-cidrs", '""'] },
  {
    name: "node subnet with host bits",
    args: ["validate", "--vnet-cidrs", "10.224.0.0/12", "--node-subnet-cidr", "10.224.0.5/16"],
    code: 3,
    findingCode: "InvalidCidr",
    mentions: ["--node-subnet-cidr", "10.224.0.5/16", "10.224.0.0/16"],
  },
  {
    name: "node subnet IPv6",
    args: ["validate", "--vnet-cidrs", "10.224.0.0/12", "--node-subnet-cidr", "fd00::/64"],
    code: 3,
    findingCode: "InvalidCidr",
    mentions: ["--node-subnet-cidr", "fd00::/64"],
  },
  { name: "node subnet empty", args: ["validate", "--node-subnet-cidr", ""], code: 3, findingCode: "InvalidCidr", mentions: ["--node-subnet-cidr", '""'] },
  { name: "peered range prefix /33", args: ["validate", "--peered-cidrs", "192.168.1.0/33"], code: 3, findingCode: "InvalidCidr", mentions: ["--peered-cidrs", "192.168.1.0/33"] },
  { name: "peered range with host bits", args: ["validate", "--peered-cidrs", "192.168.1.1/24"], code: 3, findingCode: "InvalidCidr", mentions: ["--peered-cidrs", "192.168.1.1/24", "192.168.1.0/24"] },
  { name: "peered ranges with an empty element", args: ["validate", "--peered-cidrs", "192.168.0.0/16,,172.16.0.0/16"], code: 3, findingCode: "InvalidCidr", mentions: ["--peered-cidrs", '""'] },
  // Max pods.
  { name: "max pods 9", args: ["validate", "--max-pods", "9"], code: 3, findingCode: "MaxPodsOutOfRange", mentions: ["--max-pods", "9"] },
  { name: "max pods 251", args: ["validate", "--max-pods", "251"], code: 3, findingCode: "MaxPodsOutOfRange", mentions: ["--max-pods", "251"] },
  { name: "max pods 0", args: ["validate", "--max-pods", "0"], code: 3, findingCode: "MaxPodsOutOfRange", mentions: ["--max-pods", "0"] },
  { name: "max pods -5", args: ["validate", "--max-pods", "-5"], code: 3, findingCode: "MaxPodsOutOfRange", mentions: ["--max-pods", "-5"] },
  { name: "max pods the largest safe integer", args: ["validate", "--max-pods", "9007199254740991"], code: 3, findingCode: "MaxPodsOutOfRange", mentions: ["--max-pods", "9007199254740991"] },
  // Node counts.
  { name: "node count -1", args: ["validate", "--node-count", "-1"], code: 3, findingCode: "NodeCountInvalid", mentions: ["--node-count", "-1"] },
  { name: "node count 0 in the System pool", args: ["validate", "--node-count", "0"], code: 3, findingCode: "NodeCountInvalid", mentions: ["--node-count", "0"] },
  { name: "node count 1001", args: ["validate", "--node-count", "1001"], code: 3, findingCode: "NodeCountInvalid", mentions: ["--node-count", "1001"] },
  {
    name: "min count above max count",
    args: ["validate", "--enable-cluster-autoscaler", "--min-count", "5", "--max-count", "3"],
    code: 3,
    findingCode: "NodeCountInvalid",
    mentions: ["--min-count", "5", "3"],
  },
  {
    name: "node count outside min..max",
    args: ["validate", "--enable-cluster-autoscaler", "--min-count", "1", "--max-count", "3", "--node-count", "5"],
    code: 3,
    findingCode: "NodeCountInvalid",
    mentions: ["--node-count", "5"],
  },
  {
    name: "max count 1001",
    args: ["validate", "--enable-cluster-autoscaler", "--min-count", "1", "--max-count", "1001"],
    code: 3,
    findingCode: "NodeCountInvalid",
    mentions: ["--max-count", "1001"],
  },
  {
    name: "negative min and max counts",
    args: ["validate", "--enable-cluster-autoscaler", "--min-count", "-5", "--max-count", "-1"],
    code: 3,
    findingCode: "NodeCountInvalid",
    mentions: ["--max-count", "-1"],
  },
  { name: "autoscaler without min and max", args: ["validate", "--enable-cluster-autoscaler"], code: 3, findingCode: "NodeCountInvalid", mentions: ["--min-count", "--max-count"] },
  { name: "min count without the autoscaler", args: ["validate", "--min-count", "3"], code: 3, findingCode: "NodeCountInvalid", mentions: ["--min-count"] },
  // Max surge / max unavailable.
  { name: "max surge a word", args: ["validate", "--max-surge", "abc"], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-surge", "abc"] },
  { name: "max surge -1", args: ["validate", "--max-surge", "-1"], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-surge", "-1"] },
  { name: "max surge 150%", args: ["validate", "--max-surge", "150%"], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-surge", "150%"] },
  {
    name: "max surge 0 with max unavailable 0",
    args: ["validate", "--max-surge", "0", "--max-unavailable", "0"],
    code: 3,
    findingCode: "MaxSurgeInvalid",
    mentions: ["--max-surge", "0"],
  },
  { name: "max surge 0 with the default max unavailable", args: ["validate", "--max-surge", "0"], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-surge", "0"] },
  { name: "max surge a fraction", args: ["validate", "--max-surge", "5.5"], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-surge", "5.5"] },
  { name: "max surge a fractional percentage", args: ["validate", "--max-surge", "33.3%"], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-surge", "33.3%"] },
  { name: "max surge only a percent sign", args: ["validate", "--max-surge", "%"], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-surge", "%"] },
  { name: "max surge two percent signs", args: ["validate", "--max-surge", "10%%"], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-surge", "10%%"] },
  { name: "max surge empty", args: ["validate", "--max-surge", ""], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-surge", '""'] },
  { name: "max surge an absurd percentage", args: ["validate", "--max-surge", `${HUGE}%`], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-surge", HUGE.slice(0, 20)] },
  { name: "max surge an absurd count", args: ["validate", "--max-surge", HUGE], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-surge", HUGE.slice(0, 20)] },
  { name: "max unavailable a word", args: ["validate", "--max-unavailable", "abc"], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-unavailable", "abc"] },
  { name: "max unavailable -1", args: ["validate", "--max-unavailable", "-1"], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-unavailable", "-1"] },
  { name: "max unavailable 200%", args: ["validate", "--max-unavailable", "200%"], code: 3, findingCode: "MaxSurgeInvalid", mentions: ["--max-unavailable", "200%"] },
  // IP families.
  { name: "ip families ipv6", args: ["validate", "--ip-families", "ipv6"], code: 3, findingCode: "IpFamiliesMismatch", mentions: ["--ip-families", "ipv6"] },
  { name: "ip families ipv6,ipv4", args: ["validate", "--ip-families", "ipv6,ipv4"], code: 3, findingCode: "IpFamiliesMismatch", mentions: ["--ip-families", "ipv6,ipv4"] },
  { name: "ip families ipv4,ipv4", args: ["validate", "--ip-families", "ipv4,ipv4"], code: 3, findingCode: "IpFamiliesMismatch", mentions: ["--ip-families", "ipv4,ipv4"] },
  { name: "ip families foo", args: ["validate", "--ip-families", "foo"], code: 3, findingCode: "IpFamiliesMismatch", mentions: ["--ip-families", "foo"] },
  { name: "ip families empty", args: ["validate", "--ip-families", ""], code: 3, findingCode: "IpFamiliesMismatch", mentions: ["--ip-families", '""'] },
  { name: "ip families ipv4,ipv6,ipv6", args: ["validate", "--ip-families", "ipv4,ipv6,ipv6"], code: 3, findingCode: "IpFamiliesMismatch", mentions: ["--ip-families", "ipv4,ipv6,ipv6"] },
  // Names.
  { name: "cluster name starting with a dash", args: ["validate", "-n", "-bad"], code: 3, findingCode: "ClusterNameInvalid", mentions: ["--name", "-bad"] },
  { name: "cluster name ending with a dash", args: ["validate", "-n", "bad-"], code: 3, findingCode: "ClusterNameInvalid", mentions: ["--name", "bad-"] },
  { name: "cluster name with a dot", args: ["validate", "-n", "my.cluster"], code: 3, findingCode: "ClusterNameInvalid", mentions: ["--name", "my.cluster"] },
  { name: "cluster name of 64 characters", args: ["validate", "-n", long("a", 64)], code: 3, findingCode: "ClusterNameInvalid", mentions: ["--name", long("a", 64)] },
  { name: "cluster name empty", args: ["validate", "-n", ""], code: 3, findingCode: "ClusterNameInvalid", mentions: ["--name", '""'] },
  { name: "pool name with a capital", args: ["validate", "--nodepool-name", "Pool1"], code: 3, findingCode: "NodePoolNameInvalid", mentions: ["--nodepool-name", "Pool1"] },
  { name: "pool name starting with a digit", args: ["validate", "--nodepool-name", "1pool"], code: 3, findingCode: "NodePoolNameInvalid", mentions: ["--nodepool-name", "1pool"] },
  { name: "pool name with a dash", args: ["validate", "--nodepool-name", "pool-1"], code: 3, findingCode: "NodePoolNameInvalid", mentions: ["--nodepool-name", "pool-1"] },
  { name: "pool name of 13 characters", args: ["validate", "--nodepool-name", "abcdefghijklm"], code: 3, findingCode: "NodePoolNameInvalid", mentions: ["--nodepool-name", "abcdefghijklm"] },
  { name: "pool name empty", args: ["validate", "--nodepool-name", ""], code: 3, findingCode: "NodePoolNameInvalid", mentions: ["--nodepool-name", '""'] },
  {
    name: "Windows pool name of 7 characters",
    args: ["validate", "--nodepool-name", "winpool", "--os-type", "Windows"],
    code: 3,
    findingCode: "NodePoolNameInvalid",
    mentions: ["--nodepool-name", "winpool"],
  },
  { name: "resource group of 64 characters", args: ["validate", "-g", long("r", 64)], code: 3, findingCode: "NameTooLong", mentions: ["--resource-group", long("r", 64)] },
  // Subnet resource id.
  { name: "subnet id not an id", args: ["validate", "--vnet-subnet-id", "not-an-id"], code: 3, findingCode: "ResourceIdInvalid", mentions: ["--vnet-subnet-id", "not-an-id"] },
  {
    name: "subnet id with a bad subscription",
    args: ["validate", "--vnet-subnet-id", "/subscriptions/xyz/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"],
    code: 3,
    findingCode: "ResourceIdInvalid",
    mentions: ["--vnet-subnet-id", "/subscriptions/xyz/"],
  },
  {
    name: "subnet id of a VNet",
    args: ["validate", "--vnet-subnet-id", `/subscriptions/${GUID}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`],
    code: 3,
    findingCode: "ResourceIdInvalid",
    mentions: ["--vnet-subnet-id", "virtualNetworks/v"],
  },
  { name: "subnet id empty", args: ["validate", "--vnet-subnet-id", ""], code: 3, findingCode: "ResourceIdInvalid", mentions: ["--vnet-subnet-id", '""'] },
  {
    name: "subnet id with a 65-character VNet name",
    args: ["validate", "--vnet-subnet-id", subnetId(long("v", 65), "s")],
    code: 3,
    findingCode: "NameTooLong",
    mentions: ["--vnet-subnet-id", long("v", 65)],
  },
  {
    name: "subnet id with a 64-character subnet name",
    args: ["validate", "--vnet-subnet-id", subnetId("v", long("s", 64))],
    code: 3,
    findingCode: "NameTooLong",
    mentions: ["--vnet-subnet-id", long("s", 64)],
  },
  // Special-purpose ranges (rulebook corrections): errors in every cluster range field.
  { name: "pod CIDR loopback 127.0.0.0/16", args: ["validate", "--pod-cidr", "127.0.0.0/16"], code: 3, findingCode: "SpecialPurposeRange", mentions: ["--pod-cidr", "127.0.0.0/16", "loopback"] },
  { name: "pod CIDR multicast 224.0.0.0/16", args: ["validate", "--pod-cidr", "224.0.0.0/16"], code: 3, findingCode: "SpecialPurposeRange", mentions: ["--pod-cidr", "224.0.0.0/16", "multicast"] },
  { name: "pod CIDR reserved 255.255.0.0/16", args: ["validate", "--pod-cidr", "255.255.0.0/16"], code: 3, findingCode: "SpecialPurposeRange", mentions: ["--pod-cidr", "255.255.0.0/16", "240.0.0.0/4"] },
  { name: "pod CIDR this-network 0.0.0.0/16", args: ["validate", "--pod-cidr", "0.0.0.0/16"], code: 3, findingCode: "SpecialPurposeRange", mentions: ["--pod-cidr", "0.0.0.0/16", "0.0.0.0/8"] },
  {
    name: "IPv6 pod CIDR ::/64 (unspecified)",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--pod-cidrs", "10.244.0.0/16,::/64"],
    code: 3,
    findingCode: "SpecialPurposeRange",
    mentions: ["--pod-cidrs", "::/64", "::/128"],
  },
  {
    name: "IPv6 service CIDR IPv4-mapped",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--service-cidrs", "10.0.0.0/16,::ffff:0:0/108"],
    code: 3,
    findingCode: "SpecialPurposeRange",
    mentions: ["--service-cidrs", "::ffff:0:0/108", "IPv4-mapped"],
  },
  {
    name: "IPv6 pod CIDR link-local",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--pod-cidrs", "10.244.0.0/16,fe80::/64"],
    code: 3,
    findingCode: "SpecialPurposeRange",
    mentions: ["--pod-cidrs", "fe80::/64", "link-local"],
  },
  { name: "VNet space multicast", args: ["validate", "--vnet-cidrs", "10.224.0.0/12,224.0.0.0/12", "--node-subnet-cidr", "10.224.0.0/16"], code: 3, findingCode: "SpecialPurposeRange", mentions: ["--vnet-cidrs", "224.0.0.0/12"] },
  // Pools and names.
  {
    name: "file with 101 pools",
    args: ["validate", "--file", "d.yaml"],
    files: design(`podCidr: 10.0.0.0/8\nnodePools:\n${Array.from({ length: 101 }, (_, i) => `  - name: p${i}\n    count: 1\n`).join("")}`),
    code: 3,
    findingCode: "NodePoolCountExceeded",
    mentions: ["--file", "101", "100"],
  },
  { name: "resource group ending in a dot", args: ["validate", "-g", "rg."], code: 3, findingCode: "ResourceGroupNameInvalid", mentions: ["--resource-group", "rg."] },
  { name: "resource group with a slash", args: ["validate", "-g", "a/b"], code: 3, findingCode: "ResourceGroupNameInvalid", mentions: ["--resource-group", "a/b"] },
  { name: "cluster name of 4,096 characters, cut", args: ["validate", "-n", long("a", 4096)], code: 3, findingCode: "ClusterNameInvalid", mentions: ["--name", `${long("a", 80)}…(4,096 characters)`] },
  // Kubernetes version.
  { name: "Kubernetes version latest", args: ["validate", "--kubernetes-version", "latest"], code: 3, findingCode: "KubernetesVersionInvalid", mentions: ["--kubernetes-version", "latest"] },
  { name: "Kubernetes version major only", args: ["validate", "--kubernetes-version", "1"], code: 3, findingCode: "KubernetesVersionInvalid", mentions: ["--kubernetes-version", '"1"'] },
  { name: "Kubernetes version 1.30.x", args: ["validate", "--kubernetes-version", "1.30.x"], code: 3, findingCode: "KubernetesVersionInvalid", mentions: ["--kubernetes-version", "1.30.x"] },
  { name: "Kubernetes version with four parts", args: ["validate", "--kubernetes-version", "1.30.1.2"], code: 3, findingCode: "KubernetesVersionInvalid", mentions: ["--kubernetes-version", "1.30.1.2"] },
  { name: "Kubernetes version empty", args: ["validate", "--kubernetes-version", ""], code: 3, findingCode: "KubernetesVersionInvalid", mentions: ["--kubernetes-version", '""'] },
  {
    name: "dual-stack on Kubernetes 1.25",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--kubernetes-version", "1.25"],
    code: 3,
    findingCode: "DualStackKubernetesVersion",
    mentions: ["--kubernetes-version", "1.25"],
  },
  {
    name: "dual-stack cilium on Kubernetes 1.28",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--network-dataplane", "cilium", "--kubernetes-version", "1.28"],
    code: 3,
    findingCode: "DualStackKubernetesVersion",
    mentions: ["--kubernetes-version", "1.28"],
  },
  // Capacity of degenerate ranges.
  { name: "pod CIDR /32 holds no node block", args: ["validate", "--pod-cidr", "10.244.0.0/32"], code: 3, findingCode: "InsufficientPodCidr", mentions: ["--pod-cidr", "10.244.0.0/32"] },
  { name: "node subnet /32 holds no node", args: ["validate", "--node-subnet-cidr", "10.224.0.0/32"], code: 3, findingCode: "InsufficientSubnetSize", mentions: ["--node-subnet-cidr", "10.224.0.0/32"] },
  // Values from a design file that parse but break a rule.
  { name: "file podCidr with host bits", args: ["validate", "--file", "d.yaml"], files: design("podCidr: 10.244.1.0/16\n"), code: 3, findingCode: "InvalidCidr", mentions: ["--pod-cidr", "10.244.1.0/16"] },
  { name: "file ipFamilies [ipv6]", args: ["validate", "--file", "d.yaml"], files: design("ipFamilies: [ipv6]\n"), code: 3, findingCode: "IpFamiliesMismatch", mentions: ["ipv6"] },
  {
    name: "file pool maxPods 300",
    args: ["validate", "--file", "d.yaml"],
    files: design("nodePools:\n  - name: a\n  - name: b\n    maxPods: 300\n"),
    code: 3,
    findingCode: "MaxPodsOutOfRange",
    mentions: ["--max-pods", "pool b", "300"],
  },
  {
    name: "file pool count -2",
    args: ["validate", "--file", "d.yaml"],
    files: design("nodePools:\n  - name: a\n  - name: b\n    count: -2\n"),
    code: 3,
    findingCode: "NodeCountInvalid",
    mentions: ["pool b", "-2"],
  },
  {
    name: "file pool maxSurge a word",
    args: ["validate", "--file", "d.yaml"],
    files: design('nodePools:\n  - name: a\n  - name: b\n    maxSurge: "abc"\n'),
    code: 3,
    findingCode: "MaxSurgeInvalid",
    mentions: ["pool b", "abc"],
  },
  {
    name: "file pool maxSurge negative number",
    args: ["validate", "--file", "d.yaml"],
    files: design("nodePools:\n  - name: a\n  - name: b\n    maxSurge: -3\n"),
    code: 3,
    findingCode: "MaxSurgeInvalid",
    mentions: ["pool b", "-3"],
  },
  {
    name: "file pool maxSurge an absurd count",
    args: ["validate", "--file", "d.yaml"],
    files: design(`nodePools:\n  - name: a\n    maxSurge: "${HUGE}"\n`),
    code: 3,
    findingCode: "MaxSurgeInvalid",
    mentions: ["pool a", HUGE.slice(0, 20)],
  },
  {
    name: "file duplicate pool names",
    args: ["validate", "--file", "d.yaml"],
    files: design("nodePools:\n  - name: a\n  - name: a\n"),
    code: 3,
    findingCode: "NodePoolNameDuplicate",
    mentions: ['"a"'],
  },
  {
    name: "file Windows pool name of 8 characters",
    args: ["validate", "--file", "d.yaml"],
    files: design("nodePools:\n  - name: a\n  - name: winpool1\n    osType: Windows\n"),
    code: 3,
    findingCode: "NodePoolNameInvalid",
    mentions: ["winpool1"],
  },
  {
    name: "file pool subnet with host bits",
    args: ["validate", "--file", "d.yaml"],
    files: design("nodePools:\n  - name: a\n    subnetCidr: 10.224.0.1/24\n"),
    code: 3,
    findingCode: "InvalidCidr",
    mentions: ["10.224.0.1/24"],
  },
  {
    name: "file without a System pool",
    args: ["validate", "--file", "d.yaml"],
    files: design("nodePools:\n  - name: a\n    mode: User\n"),
    code: 3,
    findingCode: "SystemPoolRequired",
    mentions: ["a User"],
  },
  {
    // YAML reads 1.20 as the number 1.2, so an unquoted version is refused with how to quote it.
    name: "file kubernetesVersion 1.20 (a YAML number) on dual-stack",
    args: ["validate", "--file", "d.yaml", "--ip-families", "ipv4,ipv6"],
    files: design("kubernetesVersion: 1.20\n"),
    code: 2,
    mentions: ["kubernetesVersion", '"1.20"'],
  },
];

const cases: Case[] = [...usageCases, ...fileCases, ...findingCases];

const STACK_LINE = /^ {4}at /m;

function includes(haystack: string, needle: string, ignoreCase?: boolean): boolean {
  return ignoreCase ? haystack.toLowerCase().includes(needle.toLowerCase()) : haystack.includes(needle);
}

/** Exit-3 cases ask for the JSON document; the rest run as given. */
function argsFor(c: Case): string[] {
  return c.code === 3 ? [c.args[0] as string, "-o", "json", ...c.args.slice(1)] : c.args;
}

describe("bad-input corpus", () => {
  it("has at least 110 cases with unique names", () => {
    expect(cases.length).toBeGreaterThanOrEqual(110);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const c of cases) if (c.code === 3) expect(c.findingCode, c.name).toBeTruthy();
  });

  describe.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    it(`exits ${c.code} and names the offending value`, async () => {
      const r = await runCli(argsFor(c), { files: c.files });
      const context = `args: ${JSON.stringify(argsFor(c)).slice(0, 2000)}\nexit: ${r.code}\nstderr: ${r.stderr.slice(0, 2000)}\nstdout: ${r.stdout.slice(0, 2000)}`;
      // Never a stack trace, never an internal error.
      expect.soft(r.stderr, context).not.toMatch(STACK_LINE);
      expect.soft(r.stdout, context).not.toMatch(STACK_LINE);
      expect.soft([2, 3], context).toContain(r.code);
      expect(r.code, context).toBe(c.code);

      // Values are shown cut, and a file's contents are never echoed.
      expect(r.stdout.length + r.stderr.length, context.slice(0, 2000)).toBeLessThan(100_000);
      expect(r.stderr + r.stdout, context.slice(0, 2000)).not.toContain("hunter2");
      if (c.code === 2) {
        for (const m of c.mentions) expect(includes(r.stderr, m, c.ignoreCase), `stderr should mention ${JSON.stringify(m)}\n${context.slice(0, 2000)}`).toBe(true);
        expect(r.stdout, context).toBe("");
        return;
      }

      const doc = JSON.parse(r.stdout);
      expect(doc.kind, context).toBe("validation");
      expect(doc.valid, context).toBe(false);
      // Every finding names its design path and validate's flag for it.
      for (const f of doc.findings as { path?: unknown; field?: unknown }[]) {
        expect(f.path, context).toMatch(/^(cluster|network|pools)\b/);
        expect(f.field, context).toMatch(/^--[a-z]/);
      }
      const matching = (doc.findings as { code: string; severity: string; field?: string; message: string; values?: string[] }[]).filter(
        (f) => f.code === c.findingCode && f.severity === "error",
      );
      expect(matching.length, `no error finding ${c.findingCode}\n${context}`).toBeGreaterThan(0);
      const texts = matching.map((f) => [f.field ?? "", f.message, ...(f.values ?? []).map((v) => `${v}\n"${v}"`)].join("\n"));
      const named = texts.some((t) => c.mentions.every((m) => includes(t, m, c.ignoreCase)));
      expect(named, `a ${c.findingCode} finding should mention ${JSON.stringify(c.mentions)}\nfindings: ${JSON.stringify(matching, null, 2)}`).toBe(true);
    });
  });
});

describe("usage errors with -o json also write an error document", () => {
  const jsonCases: { name: string; args: string[]; files?: FakeFiles; mentions: string[] }[] = [
    { name: "unknown flag", args: ["validate", "-o", "json", "--bogus"], mentions: ["--bogus"] },
    { name: "unknown flag, -o after it", args: ["validate", "--bogus", "--output=json"], mentions: ["--bogus"] },
    { name: "value not among choices", args: ["validate", "-ojson", "--network-policy", "flannel"], mentions: ["--network-policy", "flannel"] },
    { name: "non-integer --max-pods", args: ["validate", "-o", "json", "--max-pods", "abc"], mentions: ["--max-pods", "abc"] },
    { name: "missing design file", args: ["validate", "-o", "json", "--file", "missing.yaml"], mentions: ["--file", "missing.yaml"] },
    {
      name: "design file schema problem",
      args: ["validate", "-o", "json", "--file", "d.yaml"],
      files: design("nodePools:\n  - name: a\n  - name: b\n    maxPods: abc\n"),
      mentions: ["d.yaml", "nodePools[1].maxPods", "abc"],
    },
    {
      name: "--pod-cidr and --pod-cidrs disagree",
      args: ["validate", "-o", "json", "--pod-cidr", "10.244.0.0/16", "--pod-cidrs", "10.245.0.0/16"],
      mentions: ["--pod-cidr", "10.245.0.0/16"],
    },
  ];

  it.each(jsonCases)("$name", async ({ args, files, mentions }) => {
    const r = await runCli(args, { files });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_LINE);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ formatVersion: 1, kind: "error", error: { code: "UsageError" } });
    for (const m of mentions) expect(doc.error.message).toContain(m);
    for (const m of mentions) expect(r.stderr).toContain(m);
  });

  it("-o yaml writes the same error document as YAML", async () => {
    const r = await runCli(["validate", "-o", "yaml", "--max-pods", "abc"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^formatVersion: 1$/m);
    expect(r.stdout).toMatch(/^kind: error$/m);
    expect(r.stdout).toContain("--max-pods");
  });
});

describe("validation errors in the table output", () => {
  it.each([
    { args: ["--pod-cidr", "10.244.1.0/16"], code: "InvalidCidr", value: "10.244.1.0/16" },
    { args: ["--max-pods", "251"], code: "MaxPodsOutOfRange", value: "251" },
    { args: ["--ip-families", "ipv6"], code: "IpFamiliesMismatch", value: "ipv6" },
    { args: ["--nodepool-name", "Pool1"], code: "NodePoolNameInvalid", value: "Pool1" },
  ])("$code names $value", async ({ args, code, value }) => {
    const r = await runCli(["validate", "--no-color", ...args]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(code);
    expect(r.stdout).toContain(value);
    expect(r.stdout + r.stderr).not.toMatch(STACK_LINE);
  });
});

describe("bounded inputs of commands that talk to Azure (emulator): no request for bad names, no write ever", () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator({ lroPolls: 1 });
  });
  afterEach(async () => {
    await emulator.close();
  });
  const env = { AZURE_SUBSCRIPTION_ID: GUID, NO_COLOR: "1" };
  const HUGE_NAME = long("a", 100_000);
  const nameCases: { args: string[]; mentions: string[] }[] = [
    { args: ["create", "-g", "demo-rg", "-n", HUGE_NAME, "-l", "eastus"], mentions: ["--name", "100,000 characters"] },
    { args: ["create", "-g", "demo-rg", "-n", long("a", 4000), "-l", "eastus"], mentions: ["--name", "4,000 characters, more than 63"] },
    { args: ["create", "-g", "demo-rg", "-n", "..", "-l", "eastus"], mentions: ["--name", "not a name"] },
    { args: ["create", "-g", ".", "-n", "aks", "-l", "eastus"], mentions: ["--resource-group", "not a name"] },
    { args: ["create", "-g", "rg.", "-n", "aks", "-l", "eastus"], mentions: ["--resource-group", 'not ending in "."'] },
    { args: ["create", "-g", long("r", 91), "-n", "aks", "-l", "eastus"], mentions: ["--resource-group", "more than 90"] },
    { args: ["create", "-g", "demo-rg", "-n", "aks", "-l", "East US"], mentions: ["--location", "eastus2"] },
    { args: ["create", "-g", "demo-rg", "-n", "aks", "-l", long("e", 41)], mentions: ["--location", "more than 40"] },
    { args: ["create", "-g", "demo-rg", "-n", "aks", "-l", "eastus", "--tags", `${long("t", 513)}=v`], mentions: ["--tags", "512"] },
    { args: ["upgrade", "-g", "demo-rg", "-n", "my-.cluster"], mentions: ["--name", "cluster name"] },
    { args: ["upgrade", "-g", "demo-rg", "-n", "a-"], mentions: ["--name", "starting and ending"] },
    { args: ["nodepool", "add", "-g", "demo-rg", "--cluster-name", "overlay", "-n", "Pool1"], mentions: ["--name", "node pool name"] },
    { args: ["nodepool", "add", "-g", "demo-rg", "--cluster-name", "overlay", "-n", "abcdefghijklm"], mentions: ["--name", "more than 12"] },
    { args: ["nodepool", "add", "-g", "demo-rg", "--cluster-name", "..", "-n", "pool1"], mentions: ["--cluster-name", "not a name"] },
  ];
  it.each(nameCases)("$args.0 $args.1 $args.2 ... exits 2 before any request", async ({ args, mentions }) => {
    const r = await runCli([...args, "--dry-run", "--arm-endpoint", emulator.url], { env });
    const context = `exit ${r.code}\nstderr: ${r.stderr.slice(0, 1000)}`;
    expect(r.code, context).toBe(2);
    for (const m of mentions) expect(r.stderr, context).toContain(m);
    expect(r.stderr + r.stdout).not.toMatch(STACK_LINE);
    expect(r.stderr.length, context).toBeLessThan(1000);
    expect(emulator.requests).toEqual([]);
  });

  /** A real saved plan, from create --out against the emulator. */
  async function savedPlan(): Promise<Record<string, any>> {
    const written: Record<string, string> = {};
    const r = await runCli(["create", "-g", "demo-rg", "-n", "bounded", "-l", "eastus", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--out", "plan.json", "--arm-endpoint", emulator.url], { env, written });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(written["plan.json"] as string);
  }
  const applyPlan = (text: string) => runCli(["apply", "plan.json", "--yes", "--arm-endpoint", emulator.url], { env, files: { "plan.json": text } });
  const puts = () => emulator.requests.filter((r) => r.method === "PUT");

  it("a plan nested 3,000 levels deep is refused (exit 2) before any request", async () => {
    const plan = await savedPlan();
    emulator.requests.length = 0;
    let deep: unknown = {};
    for (let i = 0; i < 3000; i++) deep = { a: deep };
    plan.changes[0].body.tags = { deep };
    const r = await applyPlan(JSON.stringify(plan));
    expect(r.code, r.stderr.slice(0, 1000)).toBe(2);
    expect(r.stderr).toContain("64 levels");
    expect(r.stderr + r.stdout).not.toMatch(STACK_LINE);
    expect(emulator.requests).toEqual([]);
  });
  it("a plan with 100,000 findings is refused (exit 2) before any request", async () => {
    const plan = await savedPlan();
    emulator.requests.length = 0;
    plan.findings = Array.from({ length: 100_000 }, () => ({ severity: "info", code: "X", message: "m" }));
    const r = await applyPlan(JSON.stringify(plan));
    expect(r.code, r.stderr.slice(0, 1000)).toBe(2);
    expect(r.stderr).toContain("findings");
    expect(r.stderr + r.stdout).not.toMatch(STACK_LINE);
    expect(r.stderr.length).toBeLessThan(2000);
    expect(emulator.requests).toEqual([]);
  });
  it("a plan over 5 MiB is refused (exit 2) before any request", async () => {
    const plan = await savedPlan();
    emulator.requests.length = 0;
    const r = await applyPlan(`${JSON.stringify(plan)}${" ".repeat(5 * 1024 * 1024)}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("5 MiB");
    expect(emulator.requests).toEqual([]);
  });
  it("a plan file that is not JSON is described, not quoted, and nothing is written", async () => {
    const r = await applyPlan("{AWS_SECRET_ACCESS_KEY=hunter2");
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("hunter2");
    expect(puts()).toEqual([]);
  });
});

describe("big designs render without spreading into calls", () => {
  it("validate --file with 200,000 peered ranges in table mode", async () => {
    const peered = Array.from({ length: 200_000 }, (_, i) => `"20.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32"`).join(",");
    const r = await runCli(["validate", "--no-color", "--file", "d.json"], { files: { "d.json": `{"peeredCidrs": [${peered}]}` } });
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.code, r.stderr.slice(0, 500)).toBe(0);
    expect(r.stdout).toContain("200,000");
  }, 60_000);
});

describe("commander's own errors", () => {
  it("cut an unknown option of 100,000 characters, in the message and the error document", async () => {
    const huge = `--${"a".repeat(100_000)}`;
    const table = await runCli(["validate", huge]);
    expect(table.code).toBe(2);
    expect(table.stderr.length).toBeLessThan(500);
    expect(table.stderr).toMatch(/…\(100,0\d\d characters\)/);
    const json = await runCli(["validate", "-o", "json", huge]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.message.length).toBeLessThan(500);
  });
});
