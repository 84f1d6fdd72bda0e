import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

export function registerCall(program: Command, _ctx: CommandContext): void {
  program.command('call').description('(not yet implemented)');
}
