// The `hydrascope` command line: one program, one subcommand per job.
import { Command, CommanderError } from 'commander';
import { registerIngestCommands } from './commands/ingest.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerGenerateCommand } from './commands/generate.js';
import { registerNeo4jCommands } from './commands/neo4j.js';
import { registerServeCommand } from './commands/serve.js';
import { registerRefreshCommands } from './commands/refresh.js';
import { registerScheduleCommand } from './commands/schedule.js';
import { registerStartCommand } from './commands/start.js';
import { registerWatchCommand } from './commands/watch.js';
import { HydrascopeError } from '../shared/errors.js';
import { createCliContext, exitCodeFor } from './context.js';
import { EXIT_CODES, EXIT_CODE_HELP } from './exit-codes.js';

export function buildProgram(context = createCliContext()): Command {
  const program = new Command('hydrascope')
    .description(
      'Finds coordinated distillation campaigns in AI model API traffic by account linkage.\nNeo4j: NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD/NEO4J_DATABASE when set, otherwise a local server it starts itself.',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .exitOverride();
  registerNeo4jCommands(program, context);
  registerGenerateCommand(program, context);
  registerEvalCommand(program, context);
  registerStartCommand(program, context);
  registerServeCommand(program, context);
  registerIngestCommands(program, context);
  registerRefreshCommands(program, context);
  registerScheduleCommand(program, context);
  registerWatchCommand(program, context);
  return program;
}

/**
 * A reader that goes away (`hydrascope ingest … | head`) must not crash a command half-way with an
 * unhandled EPIPE: the work goes on and its later output is dropped. Other stream errors still throw.
 */
function keepRunningWhenOutputCloses(stream: NodeJS.WritableStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export async function main(argv: string[]): Promise<void> {
  keepRunningWhenOutputCloses(process.stdout);
  keepRunningWhenOutputCloses(process.stderr);
  const context = createCliContext();
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT_CODES.success : EXIT_CODES.usage;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`hydrascope: ${message}\n`);
    process.exitCode = exitCodeFor(error);
    if ((!(error instanceof HydrascopeError) || error.kind === 'internal') && process.env['HYDRASCOPE_DEBUG']) console.error(error);
  }
}
