import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

export function registerSend(program: Command, _ctx: CommandContext): void {
  program.command('send').description('(not yet implemented)');
}
