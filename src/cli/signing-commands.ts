/** STUB — replaced by the signing implementation (keygen, sign, verify). */
import type { Command } from 'commander';

export function registerSigningCommands(_program: Command): void {
  // keygen / sign / verify are registered here.
}
