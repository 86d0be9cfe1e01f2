// Preloaded (node -r) into a process the bench measures: its peak resident set on exit, on stderr.
process.on("exit", () => process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`));
