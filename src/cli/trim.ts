import type { Command } from './io.js';
export const trimCommand: Command = async () => 1;
