import { loadConfig } from '../server/config.ts';
import { AppError } from '../server/lib/errors.ts';
import { COMMANDS, usage } from './commands.ts';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  const config = loadConfig();
  return command.run(config, args);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof AppError) console.error(`Error (${e.code}): ${e.message}`);
    else console.error((e as Error).message ?? e);
    process.exit(1);
  },
);
