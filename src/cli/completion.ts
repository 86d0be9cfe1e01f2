/** `aks-overlay completion bash|zsh|fish`: shell completion for commands, flags and their choices. */
import { Argument, type Command, type Option } from "commander";
import { helpNotes } from "./helpLayout.js";
import type { Deps } from "../deps.js";
import { EXIT, UsageError } from "../errors.js";

interface CommandInfo {
  path: string[];
  summary: string;
  /** `refused`: a flag kept only to refuse it with why (az's --pod-subnet-id): never offered. */
  options: { flags: string[]; takesValue: boolean; choices?: readonly string[]; description: string; refused?: boolean }[];
  subcommands: string[];
  /** The values its first argument takes, when they are a fixed list (completion's shells). */
  argumentChoices?: readonly string[];
  /** Its arguments are files (apply's plans): the shell offers files for a word that is no flag. */
  fileArguments?: boolean;
}

/** Options whose value is a path: the shells offer files for them. */
const PATH_OPTIONS = new Set(["--file", "--out", "--out-dir", "--report", "--faults", "--ssh-key-value", "--scenario"]);

function optionInfo(o: Option): CommandInfo["options"][number] {
  const flags = [o.long, o.short].filter((f): f is string => !!f);
  // commander's own .choices(), or ours (the choice() parser carries its list).
  const own = o as unknown as { argChoices?: string[]; parseArg?: { choices?: readonly string[] } };
  const choices = own.argChoices ?? own.parseArg?.choices;
  return { flags, takesValue: o.required || o.optional, choices, description: o.description, ...(o.description.startsWith("refused") && { refused: true }) };
}

/** Every command of the program, walked from the root. */
export function describeCommands(program: Command): CommandInfo[] {
  const out: CommandInfo[] = [];
  // The global options (-o, --no-color, --debug) are valid after every command.
  const globals = program.options.filter((o) => o.long !== "--version").map(optionInfo);
  const walk = (cmd: Command, path: string[]): void => {
    for (const sub of cmd.commands) {
      const subPath = [...path, sub.name()];
      const argumentChoices = (sub.registeredArguments[0] as unknown as { argChoices?: string[] } | undefined)?.argChoices;
      const fileArguments = sub.registeredArguments.length > 0 && argumentChoices === undefined && /\.json|file|plan/i.test(sub.registeredArguments[0]?.name() ?? "");
      // -o csv is fleet scan's alone: no other command offers it.
      const options = [...sub.options.map(optionInfo), ...globals.map((o) => (o.flags.includes("--output") && subPath.join(" ") !== "fleet scan" ? { ...o, choices: o.choices?.filter((c) => c !== "csv") } : o))];
      out.push({ path: subPath, summary: sub.summary() || sub.description().split("\n")[0] || "", options, subcommands: sub.commands.map((c) => c.name()), ...(argumentChoices && { argumentChoices }), ...(fileArguments && { fileArguments }) });
      walk(sub, subPath);
    }
  };
  walk(program, []);
  return out;
}

/**
 * Choices the option parsers know: commander's own `.choices()`, ours in the help text ("a | b"),
 * and a single value the description starts with ("cilium: move to ...").
 */
function choicesOf(o: CommandInfo["options"][number]): readonly string[] | undefined {
  if (o.choices) return o.choices;
  if (o.refused) return undefined;
  const m = /^([A-Za-z]+(?: \| [A-Za-z]+)+)/.exec(o.description) ?? (o.takesValue ? /^([a-z][A-Za-z]*):/.exec(o.description) : null);
  return m ? (m[1] as string).split(" | ") : undefined;
}

export function bashScript(commands: CommandInfo[]): string {
  const top = commands.filter((c) => c.path.length === 1).map((c) => c.path[0]);
  // Longest paths first, so "nodepool add" wins over "nodepool"; arguments after the path are allowed.
  const cases = [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .map((c) => {
      const words = [...c.subcommands, ...c.options.filter((o) => !o.refused).flatMap((o) => o.flags)].join(" ");
      // A command whose arguments are files: a word that is no flag gets the shell's file completion.
      const files = c.fileArguments ? `[[ "$cur" == -* ]] || { COMPREPLY=(); return; }; ` : "";
      return `    "${c.path.join(" ")}"|"${c.path.join(" ")} "*) ${files}opts="${words}" ;;`;
    })
    .join("\n");
  // After a flag that takes a value: its choices, else nothing of ours (the shell's own file
  // completion, from -o default), never more flags. Per command: a flag may differ between them.
  const valueCases = [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .flatMap((c) =>
      c.options
        .filter((o) => o.takesValue)
        .map((o) => {
          const choices = choicesOf(o);
          const reply = choices ? `COMPREPLY=($(compgen -W "${choices.join(" ")}" -- "$cur"))` : "COMPREPLY=()";
          return `      "${c.path.join(" ")}:"${o.flags.map((f) => `"${f}"`).join(`|"${c.path.join(" ")}:"`)}) ${reply}; return ;;`;
        }),
    )
    .join("\n");
  const argumentCases = commands
    .filter((c) => c.argumentChoices)
    .map((c) => `    "${c.path.join(" ")}") COMPREPLY=($(compgen -W "${(c.argumentChoices ?? []).join(" ")}" -- "$cur")); return ;;`)
    .join("\n");
  return `# aks-overlay bash completion: eval "$(aks-overlay completion bash)"
_aks_overlay() {
  local cur prev path opts i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      # The program's own options may come before the command (-o json validate ...).
      -o|--output|--query) [[ -z "$path" ]] && { ((i++)); continue; }; break ;;
      -*) [[ -z "$path" ]] && continue; break ;;
    esac
    path="\${path:+$path }\${COMP_WORDS[i]}"
  done
  if [[ "$prev" == -* ]]; then
    case "$path:$prev" in
${valueCases}
    esac
  fi
  case "$path" in
    "") COMPREPLY=($(compgen -W "${top.join(" ")} --help --version" -- "$cur")); return ;;
${argumentCases}
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
# zsh's completion system first (a ~/.zshrc without it has no compdef), then its bash layer.
(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }
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
    if (c.argumentChoices) lines.push(`complete -c aks-overlay -n ${quote(cond)} -a ${quote(c.argumentChoices.join(" "))}`);
    if (c.fileArguments) lines.push(`complete -c aks-overlay -n ${quote(cond)} -F`);
    for (const o of c.options.filter((x) => !x.refused)) {
      const long = o.flags.find((f) => f.startsWith("--"))?.slice(2);
      const short = o.flags.find((f) => /^-[^-]$/.test(f))?.slice(1);
      const choices = choicesOf(o);
      lines.push(
        `complete -c aks-overlay -n ${quote(cond)}${long ? ` -l ${long}` : ""}${short ? ` -s ${short}` : ""}${o.takesValue ? " -r" : ""}${o.flags.some((f) => PATH_OPTIONS.has(f)) ? " -F" : ""}${choices ? ` -a ${quote(choices.join(" "))}` : ""} -d ${quote(o.description)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

export function registerCompletion(program: Command, deps: Deps, setExit: (code: number) => void): void {
  program
    .command("completion")
    .summary("print a shell completion script (bash, zsh or fish)")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(["bash", "zsh", "fish"]))
    .addHelpText("after", helpNotes('\nInstall: eval "$(aks-overlay completion bash)" in ~/.bashrc, eval "$(aks-overlay completion zsh)" in ~/.zshrc,\nor aks-overlay completion fish > ~/.config/fish/completions/aks-overlay.fish'))
    .action((shell: string) => {
      const commands = describeCommands(program);
      const script = shell === "bash" ? bashScript(commands) : shell === "zsh" ? zshScript(commands) : shell === "fish" ? fishScript(commands) : undefined;
      if (script === undefined) throw new UsageError(`completion: "${shell}" is not one of bash, zsh, fish`);
      deps.stdout.write(script);
      setExit(EXIT.ok);
    });
}
