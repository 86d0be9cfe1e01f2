/** `aks-overlay completion bash|zsh|fish`: shell completion for commands, flags and their choices. */
import { type Command, type Option } from "commander";
import { helpNotes } from "./helpLayout.js";
import type { Deps } from "../deps.js";
import { EXIT, UsageError } from "../errors.js";

interface CommandInfo {
  path: string[];
  summary: string;
  options: { flags: string[]; takesValue: boolean; choices?: readonly string[]; description: string }[];
  subcommands: string[];
}

function optionInfo(o: Option): CommandInfo["options"][number] {
  const flags = [o.long, o.short].filter((f): f is string => !!f);
  const choices = (o as unknown as { argChoices?: string[] }).argChoices;
  return { flags, takesValue: o.required || o.optional, choices, description: o.description };
}

/** Every command of the program, walked from the root. */
export function describeCommands(program: Command): CommandInfo[] {
  const out: CommandInfo[] = [];
  // The global options (-o, --no-color, --debug) are valid after every command.
  const globals = program.options.filter((o) => o.long !== "--version").map(optionInfo);
  const walk = (cmd: Command, path: string[]): void => {
    for (const sub of cmd.commands) {
      const subPath = [...path, sub.name()];
      out.push({ path: subPath, summary: sub.summary() || sub.description().split("\n")[0] || "", options: [...sub.options.map(optionInfo), ...globals], subcommands: sub.commands.map((c) => c.name()) });
      walk(sub, subPath);
    }
  };
  walk(program, []);
  return out;
}

/** Choices the option parsers know (commander's own `.choices()` and ours in the help text). */
function choicesOf(o: CommandInfo["options"][number]): readonly string[] | undefined {
  if (o.choices) return o.choices;
  const m = /^([A-Za-z]+(?: \| [A-Za-z]+)+)/.exec(o.description);
  return m ? (m[1] as string).split(" | ") : undefined;
}

export function bashScript(commands: CommandInfo[]): string {
  const top = commands.filter((c) => c.path.length === 1).map((c) => c.path[0]);
  // Longest paths first, so "nodepool add" wins over "nodepool"; arguments after the path are allowed.
  const cases = [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .map((c) => {
      const words = [...c.subcommands, ...c.options.flatMap((o) => o.flags)].join(" ");
      return `    "${c.path.join(" ")}"|"${c.path.join(" ")} "*) opts="${words}" ;;`;
    })
    .join("\n");
  const choiceCases = [...new Map(commands.flatMap((c) => c.options).filter((o) => choicesOf(o)).map((o) => [o.flags.join("|"), o])).values()]
    .map((o) => `    ${o.flags.join("|")}) COMPREPLY=($(compgen -W "${(choicesOf(o) ?? []).join(" ")}" -- "$cur")); return ;;`)
    .join("\n");
  return `# aks-overlay bash completion: eval "$(aks-overlay completion bash)"
_aks_overlay() {
  local cur prev path opts i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${choiceCases}
  esac
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) break ;; esac
    path="\${path:+$path }\${COMP_WORDS[i]}"
  done
  case "$path" in
    "") COMPREPLY=($(compgen -W "${top.join(" ")} --help --version" -- "$cur")); return ;;
${cases}
    *) opts="" ;;
  esac
  COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
}
complete -o default -F _aks_overlay aks-overlay
`;
}

export function zshScript(commands: CommandInfo[]): string {
  return `#compdef aks-overlay
# aks-overlay zsh completion: eval "$(aks-overlay completion zsh)"
autoload -U +X bashcompinit && bashcompinit
${bashScript(commands)}`;
}

export function fishScript(commands: CommandInfo[]): string {
  const quote = (s: string): string => `'${s.replace(/'/g, "\\'")}'`;
  const lines = ["# aks-overlay fish completion: aks-overlay completion fish | source", "complete -c aks-overlay -f"];
  for (const c of commands.filter((c) => c.path.length === 1)) {
    lines.push(`complete -c aks-overlay -n '__fish_use_subcommand' -a ${c.path[0]} -d ${quote(c.summary)}`);
  }
  for (const c of commands) {
    const cond = c.path.length === 1 ? `__fish_seen_subcommand_from ${c.path[0]}` : `__fish_seen_subcommand_from ${c.path[0]}; and __fish_seen_subcommand_from ${c.path.slice(1).join(" ")}`;
    for (const sub of c.subcommands) lines.push(`complete -c aks-overlay -n ${quote(`__fish_seen_subcommand_from ${c.path[0]}`)} -a ${sub}`);
    for (const o of c.options) {
      const long = o.flags.find((f) => f.startsWith("--"))?.slice(2);
      const short = o.flags.find((f) => /^-[^-]$/.test(f))?.slice(1);
      const choices = choicesOf(o);
      lines.push(
        `complete -c aks-overlay -n ${quote(cond)}${long ? ` -l ${long}` : ""}${short ? ` -s ${short}` : ""}${o.takesValue ? " -r" : ""}${choices ? ` -a ${quote(choices.join(" "))}` : ""} -d ${quote(o.description)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

export function registerCompletion(program: Command, deps: Deps, setExit: (code: number) => void): void {
  program
    .command("completion")
    .summary("print a shell completion script (bash, zsh or fish)")
    .argument("<shell>", "bash, zsh or fish")
    .addHelpText("after", helpNotes('\nInstall: eval "$(aks-overlay completion bash)" in ~/.bashrc, eval "$(aks-overlay completion zsh)" in ~/.zshrc,\nor aks-overlay completion fish > ~/.config/fish/completions/aks-overlay.fish'))
    .action((shell: string) => {
      const commands = describeCommands(program);
      const script = shell === "bash" ? bashScript(commands) : shell === "zsh" ? zshScript(commands) : shell === "fish" ? fishScript(commands) : undefined;
      if (script === undefined) throw new UsageError(`completion: "${shell}" is not one of bash, zsh, fish`);
      deps.stdout.write(script);
      setExit(EXIT.ok);
    });
}
