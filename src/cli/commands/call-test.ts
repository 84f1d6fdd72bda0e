import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

export function registerCallTest(program: Command, _ctx: CommandContext): void {
  program.command('call-test').description('(not yet implemented)');
}
