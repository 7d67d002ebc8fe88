import type { Command } from 'commander';
import type { Output } from '../output';
import { registerDbInit } from './db-init';
import { registerDemo } from './demo';
import { registerDoctor } from './doctor';

/** A command module adds itself to the program; `setExit` records the command's exit code. */
export type RegisterCommand = (program: Command, out: Output, setExit: (code: number) => void) => void;

export const COMMANDS: RegisterCommand[] = [registerDbInit, registerDemo, registerDoctor];
