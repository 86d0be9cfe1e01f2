/**
 * --generate-ssh-keys, as az does it: use ~/.ssh/id_rsa.pub when it exists, else make an RSA key
 * pair there (the private key readable by its owner only) and use its public half.
 */
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";

/** An SSH wire-format string (length-prefixed). */
function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An SSH mpint from an unsigned big-endian integer: a leading zero byte when the top bit is set. */
function sshMpint(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length - 1 && unsigned[i] === 0) i++;
  const trimmed = unsigned.subarray(i);
  return sshString((trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** An RSA public key (as a JWK's n and e) in OpenSSH's one-line format. */
export function opensshRsaPublicKey(n: string, e: string, comment: string): string {
  const blob = Buffer.concat([sshString(Buffer.from("ssh-rsa")), sshMpint(Buffer.from(e, "base64url")), sshMpint(Buffer.from(n, "base64url"))]);
  return `ssh-rsa ${blob.toString("base64")} ${comment}`;
}

export function generatedOrExistingKey(env: Readonly<Record<string, string | undefined>>, note: (text: string) => void): string {
  const home = env.HOME || env.USERPROFILE;
  if (!home) throw new UsageError("--generate-ssh-keys: no home directory (HOME) to keep the key pair in; give --ssh-key-value instead");
  const dir = join(home, ".ssh");
  const privatePath = join(dir, "id_rsa");
  const publicPath = `${privatePath}.pub`;
  if (existsSync(publicPath)) {
    note(`Using the SSH public key ${publicPath}.\n`);
    return readFileSync(publicPath, "utf8").trim();
  }
  if (existsSync(privatePath)) throw new UsageError(`--generate-ssh-keys: ${privatePath} exists without ${publicPath}; make the public half with 'ssh-keygen -y -f ${privatePath} > ${publicPath}', or give --ssh-key-value`);
  const pair = generateKeyPairSync("rsa", { modulusLength: 4096 });
  const jwk = pair.publicKey.export({ format: "jwk" }) as { n: string; e: string };
  const privateKey = pair.privateKey.export({ type: "pkcs1", format: "pem" }) as string;
  const line = opensshRsaPublicKey(jwk.n, jwk.e, "aks-overlay");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(privatePath, privateKey, { mode: 0o600, flag: "wx" });
  writeFileSync(publicPath, `${line}\n`, { mode: 0o644, flag: "wx" });
  note(`Generated an SSH key pair: ${privatePath} (private, only you can read it) and ${publicPath}.\n`);
  return line;
}
