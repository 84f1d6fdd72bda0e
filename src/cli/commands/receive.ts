import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

export function registerReceive(program: Command, _ctx: CommandContext): void {
  program.command('receive').description('(not yet implemented)');
}
