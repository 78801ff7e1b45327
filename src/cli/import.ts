import type { Command } from './io.js';
export const importCommand: Command = async () => 1;
