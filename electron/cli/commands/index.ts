import type { Command } from 'commander';
import type { Output } from '../output';
import { registerBatch } from './batch';
import { registerDbInit } from './db-init';
import { registerDecide } from './decide';
import { registerDemo } from './demo';
import { registerDoctor } from './doctor';
import { registerMerge } from './merge';
import { registerSettings } from './settings';
import { registerUndo } from './undo';
import { registerLogfile, registerRuns } from './runs';
import { registerReport } from './report';
import { registerScan } from './scan';
import { registerLookup } from './lookup';

/** A command module adds itself to the program; `setExit` records the command's exit code. */
export type RegisterCommand = (program: Command, out: Output, setExit: (code: number) => void) => void;

export const COMMANDS: RegisterCommand[] = [registerDbInit, registerDemo, registerDoctor, registerScan, registerLookup, registerDecide, registerMerge, registerSettings, registerBatch, registerUndo, registerRuns, registerLogfile, registerReport];
