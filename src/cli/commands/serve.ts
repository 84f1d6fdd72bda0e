import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

export function registerServe(program: Command, _ctx: CommandContext): void {
  program.command('serve').description('(not yet implemented)');
}
